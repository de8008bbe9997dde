import type { ImapToken } from '../protocol/command-tokens';
import type { SearchKey } from './search-ast';
import { parseSearch, type SearchSetResolver } from './search-parser';

const atoms = (text: string): ImapToken[] => text.split(' ').map((value) => ({ type: 'atom', value }));
const NONE: SearchKey = { type: 'not', key: { type: 'all' } };

/** A 3-message view with UIDs 10, 11, 12 of which 11 and 12 are recent. */
const resolver = (recent: Array<[number, number]>): SearchSetResolver => ({
  sequences: (text) => (text === '1000' ? [] : [[10, 12]]),
  uids: (text) => (text === '5' ? [[5, 5]] : [[10, 12]]),
  recent: () => recent,
  saved: () => [[11, 11]],
});

describe('parseSearch', () => {
  it("rewrites RECENT, NEW and OLD into the session's UID set", () => {
    const sets = resolver([[11, 12]]);
    expect(parseSearch(atoms('RECENT'), sets).query).toEqual({ type: 'uid', ranges: [[11, 12]] });
    expect(parseSearch(atoms('NEW'), sets).query).toEqual({
      type: 'and',
      keys: [
        { type: 'uid', ranges: [[11, 12]] },
        { type: 'flag', flag: '\\Seen', present: false },
      ],
    });
    expect(parseSearch(atoms('OLD'), sets).query).toEqual({
      type: 'not',
      key: { type: 'uid', ranges: [[11, 12]] },
    });
  });

  it('reads MODSEQ with and without a metadata entry, EMAILID, THREADID and $', () => {
    const sets = resolver([]);
    expect(parseSearch(atoms('MODSEQ 12'), sets).query).toEqual({ type: 'modseq', value: 12 });
    const withEntry: ImapToken[] = [
      { type: 'atom', value: 'MODSEQ' },
      { type: 'string', value: Buffer.from('/flags/\\draft'), literal: false, binary: false },
      { type: 'atom', value: 'all' },
      { type: 'atom', value: '620162338' },
    ];
    expect(parseSearch(withEntry, sets).query).toEqual({ type: 'modseq', value: 620162338 });
    withEntry[2] = { type: 'atom', value: 'mine' };
    expect(() => parseSearch(withEntry, sets)).toThrow(/entry type/);
    expect(parseSearch(atoms('EMAILID M6d2c'), sets).query).toEqual({ type: 'emailId', value: 'M6d2c' });
    expect(parseSearch(atoms('THREADID T1'), sets).query).toEqual({ type: 'threadId', value: 'T1' });
    expect(() => parseSearch(atoms('EMAILID a.b'), sets)).toThrow(/object id/);
    expect(parseSearch(atoms('$'), sets).query).toEqual({ type: 'uid', ranges: [[11, 11]] });
    expect(parseSearch(atoms('UID $'), sets).query).toEqual({ type: 'uid', ranges: [[11, 11]] });
    const saving: ImapToken[] = [
      { type: 'atom', value: 'RETURN' },
      { type: 'list', items: atoms('SAVE MIN') },
      { type: 'atom', value: 'ALL' },
    ];
    expect(parseSearch(saving, sets).returnOptions).toEqual(['SAVE', 'MIN']);
  });

  it('never hands the backend an empty UID set', () => {
    const sets = resolver([]);
    expect(parseSearch(atoms('RECENT'), sets).query).toEqual(NONE);
    expect(parseSearch(atoms('OLD'), sets).query).toEqual({ type: 'not', key: NONE });
    expect(parseSearch(atoms('1000'), sets).query).toEqual(NONE);
    expect(parseSearch(atoms('UID 5'), sets).query).toEqual({ type: 'uid', ranges: [[5, 5]] });
  });

  it('reads NIL as a search string', () => {
    expect(parseSearch(atoms('SUBJECT NIL'), resolver([])).query).toEqual({
      type: 'header',
      name: 'subject',
      value: 'NIL',
    });
  });
});
