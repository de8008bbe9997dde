import type { ImapToken } from '../protocol/command-tokens';
import { collationKey, compareCodePoints } from './collation';
import { parseSortCriteria, sortRecords } from './sort-keys';
import { addr, at, record } from './sort-test-records';

const list = (...words: string[]): ImapToken => ({
  type: 'list',
  items: words.map((value) => ({ type: 'atom', value })),
});

const bareDate: ImapToken = { type: 'atom', value: 'DATE' };

describe('parseSortCriteria', () => {
  it('reads keys, each REVERSE applying to the next key only', () => {
    expect(parseSortCriteria(list('reverse', 'DATE', 'subject', 'DisplayFrom'))).toEqual([
      { key: 'DATE', reverse: true },
      { key: 'SUBJECT', reverse: false },
      { key: 'DISPLAYFROM', reverse: false },
    ]);
  });

  it.each([
    [list(), /Empty/],
    [list('BOGUS'), /Unknown sort key BOGUS/],
    [list('REVERSE'), /REVERSE/],
    [list('DATE', 'REVERSE'), /REVERSE/],
    [list('REVERSE', 'REVERSE', 'DATE'), /REVERSE/],
    [bareDate, /sort criteria/],
    [undefined, /sort criteria/],
  ])('rejects %j', (token, message) => {
    expect(() => parseSortCriteria(token)).toThrow(message);
  });
});

describe('collation (i;unicode-casemap approximation)', () => {
  it('ignores case and compatibility forms', () => {
    expect(collationKey('Hello')).toBe(collationKey('hELLO'));
    expect(collationKey('café')).toBe(collationKey('CAFE\u0301'));
    expect(collationKey('ﬁle')).toBe(collationKey('FILE'));
  });

  it('titlecases, so `_` sorts after letters', () => {
    expect(compareCodePoints(collationKey('john_doe'), collationKey('johnd'))).toBeGreaterThan(0);
  });

  it('orders by code point, not UTF-16 unit', () => {
    // U+FF5E is below U+1F600 as a code point but above its UTF-16 lead surrogate.
    expect(compareCodePoints('\uff5e', '\u{1f600}')).toBeLessThan(0);
    expect(compareCodePoints('\u{1f600}', '\uff5e')).toBeGreaterThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('b', 'ab')).toBeGreaterThan(0);
  });
});

describe('sortRecords', () => {
  const by = (key: string, ...records: ReturnType<typeof record>[]): number[] =>
    sortRecords(records, parseSortCriteria(list(...key.split(' '))));

  it('ARRIVAL, SIZE and their reverse; ties in UID order', () => {
    const rs = [
      record(1, { size: 30, internalDate: at('2024-01-03T00:00:00Z') }),
      record(2, { size: 10, internalDate: at('2024-01-01T00:00:00Z') }),
      record(3, { size: 30, internalDate: at('2024-01-02T00:00:00Z') }),
    ];
    expect(by('ARRIVAL', ...rs)).toEqual([2, 3, 1]);
    expect(by('SIZE', ...rs)).toEqual([2, 1, 3]);
    expect(by('REVERSE SIZE', ...rs)).toEqual([1, 3, 2]);
  });

  it('DATE uses the sent date, falling back to INTERNALDATE, compared in UTC', () => {
    const rs = [
      record(1, { sentDate: at('2024-01-01T10:00:00+02:00') }), // 08:00Z
      record(2, { sentDate: null, internalDate: at('2024-01-01T09:00:00Z') }),
      record(3, { sentDate: at('2024-01-01T07:30:00-01:00') }), // 08:30Z
      record(4, { sentDate: new Date(Number.NaN), internalDate: at('2024-01-01T07:00:00Z') }),
    ];
    expect(by('DATE', ...rs)).toEqual([4, 1, 3, 2]);
    expect(by('REVERSE DATE', ...rs)).toEqual([2, 3, 1, 4]);
  });

  it('REVERSE leaves the UID tie-break ascending', () => {
    const same = at('2024-05-05T00:00:00Z');
    const rs = [1, 2, 3].map((uid) => record(uid, { sentDate: same }));
    expect(by('REVERSE DATE', ...rs)).toEqual([1, 2, 3]);
  });

  it('SUBJECT compares base subjects case-insensitively; blank sorts first', () => {
    const rs = [
      record(1, { subject: 'Re: banana' }),
      record(2, { subject: 'APPLE' }),
      record(3, { subject: '[list] Fwd: apple (fwd)' }),
      record(4, { subject: '' }),
      record(5, { subject: 'Re:' }),
    ];
    expect(by('SUBJECT', ...rs)).toEqual([4, 5, 2, 3, 1]);
  });

  it('FROM, TO and CC compare the first address local part; missing sorts as empty', () => {
    const rs = [
      record(1, { from: addr('Zed', 'a.example'), to: addr('b'), cc: addr('m') }),
      record(2, { from: addr('adam', 'z.example'), to: null, cc: addr('a') }),
      record(3, { from: null, to: addr('A'), cc: null }),
    ];
    expect(by('FROM', ...rs)).toEqual([3, 2, 1]);
    expect(by('TO', ...rs)).toEqual([2, 3, 1]);
    expect(by('CC', ...rs)).toEqual([3, 2, 1]);
  });

  it('DISPLAYFROM/DISPLAYTO use the display name, else the addr-spec', () => {
    const rs = [
      record(1, { from: addr('zz', 'example.com', 'Bob'), to: addr('x', 'h', 'Zoe') }),
      record(2, { from: addr('carl', 'example.com', '') }),
      record(3, { from: addr('aaron', 'example.com', 'Émile') }),
      record(4, { from: addr('a', 'example.com', '   '), to: addr('anna', 'h', '') }),
    ];
    // Compared as A@EXAMPLE.COM < BOB < CARL@EXAMPLE.COM < EMILE (decomposed).
    expect(by('DISPLAYFROM', ...rs)).toEqual([4, 1, 2, 3]);
    expect(by('DISPLAYTO', ...rs)).toEqual([2, 3, 4, 1]);
    expect(by('FROM', ...rs)).toEqual([4, 3, 2, 1]);
  });

  it('combines keys in order', () => {
    const rs = [
      record(1, { subject: 'b', size: 1 }),
      record(2, { subject: 'a', size: 2 }),
      record(3, { subject: 'b', size: 3 }),
      record(4, { subject: 'a', size: 1 }),
    ];
    expect(by('SUBJECT REVERSE SIZE', ...rs)).toEqual([2, 4, 3, 1]);
    expect(by('REVERSE SUBJECT SIZE', ...rs)).toEqual([1, 3, 4, 2]);
  });

  it('sorts 100k records by subject and by date quickly', () => {
    const rs = Array.from({ length: 100_000 }, (_, i) =>
      record(i + 1, {
        subject: `${i % 3 === 0 ? 'Re: ' : ''}Topic ${(i * 7919) % 5000}`,
        sentDate: new Date(Date.UTC(2020, 0, 1) + ((i * 104729) % 1_000_000) * 1000),
      }),
    );
    const started = Date.now();
    const bySubject = by('SUBJECT', ...rs);
    const byDate = by('DATE', ...rs);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(bySubject).toHaveLength(100_000);
    expect(new Set(byDate).size).toBe(100_000);
  });
});
