import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

const MULTI = [
  'From: =?UTF-8?Q?J=C3=B6rg?= <jorg@example.com>',
  'To: alice@example.com',
  'Subject: Report',
  'Date: Tue, 03 Jan 2023 10:00:00 +0000',
  'Message-ID: <r1@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello part one',
  '--b1',
  'Content-Type: application/octet-stream; name="a.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  'AAECAw==',
  '--b1--',
  '',
].join('\r\n');

describe('FETCH', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    h.backend.deliver('alice', 'INBOX', MULTI, [], new Date(Date.UTC(2023, 0, 3, 12, 30, 5)));
    h.backend.deliver('alice', 'INBOX', 'Subject: bare LF\n\nline1\nline2\n');
    c = await RawImapClient.connect(h.port);
    await c.login();
    await c.command('s', 'SELECT INBOX');
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('returns simple items and macros', async () => {
    const r = await c.command('a', 'FETCH 1 FAST');
    expect(r).toContain(
      `* 1 FETCH (FLAGS (\\Recent) INTERNALDATE " 3-Jan-2023 12:30:05 +0000" RFC822.SIZE ${MULTI.length})`,
    );
  });

  it('returns ENVELOPE and BODYSTRUCTURE', async () => {
    const r = await c.command('a', 'FETCH 1 (ENVELOPE BODYSTRUCTURE)');
    expect(r).toContain(
      'ENVELOPE ("Tue, 03 Jan 2023 10:00:00 +0000" "Report" (("=?UTF-8?Q?J=C3=B6rg?=" NIL "jorg" "example.com"))',
    );
    expect(r).toMatch(
      /BODYSTRUCTURE \(\("text" "plain" \("charset" "utf-8"\) NIL NIL "7bit" 14 0 NIL NIL NIL NIL\)\("application" "octet-stream" \("name" "a.bin"\) NIL NIL "base64" 8 NIL NIL NIL NIL\) "mixed" \("boundary" "b1"\)/i,
    );
  });

  it('fetches sections and partials', async () => {
    const r = await c.command(
      'a',
      'FETCH 1 (BODY.PEEK[1] BODY.PEEK[2.MIME] BODY.PEEK[TEXT]<0.4> BODY.PEEK[9])',
    );
    expect(r).toContain('BODY[1] {14}\r\nHello part one');
    const mime =
      'Content-Type: application/octet-stream; name="a.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n';
    expect(r).toContain(`BODY[2.MIME] {${mime.length}}\r\n${mime}`);
    expect(r).toContain('BODY[TEXT]<0> {4}\r\n--b1');
    expect(r).toContain('BODY[9] NIL');
    expect(r).not.toContain('\\Seen');
  });

  it('normalises bare LF to CRLF consistently in size and body', async () => {
    const r = await c.command('a', 'FETCH 2 (RFC822.SIZE BODY.PEEK[])');
    const body = 'Subject: bare LF\r\n\r\nline1\r\nline2\r\n';
    expect(r).toContain(`RFC822.SIZE ${body.length} BODY[] {${body.length}}\r\n${body})`);
  });

  it('sets \\Seen on non-PEEK body fetches and reports FLAGS', async () => {
    const r = await c.command('a', 'FETCH 1 (BODY[HEADER.FIELDS (SUBJECT)])');
    expect(r).toContain(
      'BODY[HEADER.FIELDS (SUBJECT)] {19}\r\nSubject: Report\r\n\r\n FLAGS (\\Recent \\Seen))',
    );
    const again = await c.command('b', 'FETCH 1 FLAGS');
    expect(again).toContain('* 1 FETCH (FLAGS (\\Recent \\Seen))');
    const rfc = await c.command('c', 'FETCH 2 (RFC822.HEADER)');
    expect(rfc).not.toContain('\\Seen');
  });

  it('does not set \\Seen in a read-only mailbox', async () => {
    await c.command('e', 'EXAMINE INBOX');
    const r = await c.command('a', 'FETCH 1 (RFC822)');
    expect(r).not.toContain('\\Seen');
  });

  it('UID FETCH always includes UID and skips unknown UIDs', async () => {
    const r = await c.command('a', 'UID FETCH 2:9 (FLAGS)');
    expect(r).toContain('* 2 FETCH (UID 2 FLAGS (\\Recent))');
    expect(r.match(/\* \d+ FETCH/g)).toHaveLength(1);
  });

  it('rejects bad items and sets', async () => {
    expect(await c.command('a', 'FETCH 1 (BOGUS)')).toMatch(/a BAD/);
    expect(await c.command('b', 'FETCH 0 FLAGS')).toMatch(/b BAD/);
    expect(await c.command('c', 'FETCH 1 BODY[HEADER.FIELDS ()]')).toMatch(/c BAD/);
  });

  it('streams a large FLAGS-only fetch without needing the MIME tree', async () => {
    for (let i = 0; i < 3000; i++) h.backend.deliver('alice', 'INBOX', `Subject: ${i}\r\n\r\nx\r\n`);
    await c.command('n', 'NOOP');
    const parsesBefore = h.backend.calls.parse ?? 0;
    const r = await c.command('a', 'UID FETCH 1:* (FLAGS)', 20_000);
    expect(r.match(/\* \d+ FETCH/g)).toHaveLength(3002);
    expect(h.backend.calls.parse ?? 0).toBe(parsesBefore);
  });
});
