import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

const mail = (from: string, subject: string, date: string, body: string, extra = ''): string =>
  `From: ${from}\r\nTo: alice@example.com\r\nSubject: ${subject}\r\nDate: ${date}\r\n${extra}\r\n${body}\r\n`;

describe('SEARCH', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  const search = async (criteria: string): Promise<string> => {
    const r = await c.command('q', Buffer.from(criteria, 'utf8').toString('latin1'));
    const line = /\* SEARCH([^\r]*)\r\n/.exec(r);
    if (!line) throw new Error(r);
    return (line[1] as string).trim();
  };
  beforeEach(async () => {
    h = await startMemoryServer();
    const d = (s: string): Date => new Date(s);
    h.backend.deliver(
      'alice',
      'INBOX',
      mail('bob@example.com', 'Lunch plans', 'Mon, 02 Jan 2023 10:00:00 +0000', 'pizza?'),
      ['\\Seen'],
      d('2023-01-02T10:00:00Z'),
    );
    h.backend.deliver(
      'alice',
      'INBOX',
      mail(
        'carol@example.org',
        '=?UTF-8?B?R3LDvMOfZQ==?=',
        'Tue, 03 Jan 2023 10:00:00 +0000',
        'Grüße aus Köln',
        'X-Tag: blue\r\n',
      ),
      ['\\Flagged', 'work'],
      d('2023-01-03T10:00:00Z'),
    );
    h.backend.deliver(
      'alice',
      'INBOX',
      mail('dave@example.net', 'Report', 'Wed, 04 Jan 2023 10:00:00 +0000', 'x'.repeat(2000)),
      ['\\Deleted'],
      d('2023-01-04T23:59:00Z'),
    );
    c = await RawImapClient.connect(h.port);
    await c.login();
    await c.command('s', 'SELECT INBOX');
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it.each([
    ['SEARCH ALL', '1 2 3'],
    ['SEARCH SEEN', '1'],
    ['SEARCH UNSEEN', '2 3'],
    ['SEARCH FLAGGED', '2'],
    ['SEARCH DELETED', '3'],
    ['SEARCH UNDELETED', '1 2'],
    ['SEARCH KEYWORD work', '2'],
    ['SEARCH UNKEYWORD work', '1 3'],
    ['SEARCH NEW', '2 3'],
    ['SEARCH RECENT', '1 2 3'],
    ['SEARCH OLD', ''],
    ['SEARCH NOT OLD SEEN', '1'],
    ['SEARCH FROM carol', '2'],
    ['SEARCH SUBJECT "grüße"', '2'],
    ['SEARCH CHARSET UTF-8 BODY "köln"', '2'],
    ['SEARCH TEXT pizza', '1'],
    ['SEARCH TEXT X-Tag', '2'],
    ['SEARCH HEADER X-Tag blue', '2'],
    ['SEARCH HEADER X-Tag ""', '2'],
    ['SEARCH LARGER 1000', '3'],
    ['SEARCH SMALLER 1000', '1 2'],
    ['SEARCH SINCE 3-Jan-2023', '2 3'],
    ['SEARCH BEFORE 3-Jan-2023', '1'],
    ['SEARCH ON 4-Jan-2023', '3'],
    ['SEARCH SENTSINCE 04-Jan-2023', '3'],
    ['SEARCH SENTBEFORE 3-Jan-2023', '1'],
    ['SEARCH SENTON 3-Jan-2023', '2'],
    ['SEARCH 2:*', '2 3'],
    ['SEARCH UID 1,3', '1 3'],
    ['SEARCH NOT SEEN', '2 3'],
    ['SEARCH OR SEEN FLAGGED', '1 2'],
    ['SEARCH OR (SEEN FROM nobody) NOT (OR FLAGGED DELETED)', '1'],
    ['SEARCH OR (SEEN FROM nobody) (OR FLAGGED DELETED)', '2 3'],
    ['SEARCH (OR SEEN FLAGGED) UNDELETED 2', '2'],
    ['UID SEARCH FROM example', '1 2 3'],
  ])('%s → %s', async (criteria, expected) => {
    expect(await search(criteria)).toBe(expected);
  });

  it('compares SENT* with the day written in the Date header, and matches addresses inside comments', async () => {
    // 23:30 at -0500 is already the next day in UTC; SENTON still means the day as written.
    h.backend.deliver(
      'alice',
      'INBOX',
      mail('<erin (work) @ (dept) example.com>', 'Late', 'Thu, 05 Jan 2023 23:30:00 -0500', 'x'),
    );
    await c.command('n', 'NOOP');
    expect(await search('SEARCH SENTON 5-Jan-2023')).toBe('4');
    expect(await search('SEARCH SENTSINCE 6-Jan-2023')).toBe('');
    expect(await search('SEARCH FROM erin@example.com')).toBe('4');
    expect(await c.command('e', 'SEARCH RETURN (COUNT) 1000')).toContain('* ESEARCH (TAG "e") COUNT 0\r\n');
  });

  it('rejects unknown charsets with BADCHARSET', async () => {
    expect(await c.command('a', 'SEARCH CHARSET KOI8-R ALL')).toMatch(
      /a NO \[BADCHARSET \(UTF-8 US-ASCII\)\]/,
    );
  });

  it('rejects malformed criteria', async () => {
    expect(await c.command('a', 'SEARCH SINCE yesterday')).toMatch(/a BAD/);
    expect(await c.command('b', 'SEARCH FOO')).toMatch(/b BAD/);
    expect(await c.command('c', 'SEARCH OR SEEN')).toMatch(/c BAD/);
  });

  it('answers ESEARCH with RETURN and under IMAP4rev2', async () => {
    const r = await c.command('e1', 'SEARCH RETURN (MIN MAX COUNT) UNDELETED');
    expect(r).toContain('* ESEARCH (TAG "e1") MIN 1 MAX 2 COUNT 2');
    await c.command('en', 'ENABLE IMAP4rev2');
    const all = await c.command('e2', 'UID SEARCH ALL');
    expect(all).toContain('* ESEARCH (TAG "e2") UID ALL 1:3');
    const none = await c.command('e3', 'SEARCH RETURN (COUNT ALL) OLD');
    expect(none).toContain('* ESEARCH (TAG "e3") COUNT 0\r\n');
  });
});
