import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

const MSG =
  'From: Bob <bob@example.com>\r\nTo: alice@example.com\r\nSubject: Hello\r\nDate: Mon, 02 Jan 2023 10:00:00 +0000\r\n\r\nHi Alice\r\n';

describe('IMAP session basics', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    c = await RawImapClient.connect(h.port);
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('greets with capabilities and logs in', async () => {
    const r = await c.command('a', 'CAPABILITY');
    expect(r).toMatch(/\* CAPABILITY IMAP4rev1 IMAP4rev2 .*AUTH=PLAIN/);
    await c.login();
    const caps = await c.command('b', 'CAPABILITY');
    expect(caps).toContain('UIDPLUS');
    expect(caps).not.toContain('AUTH=PLAIN');
  });

  it('rejects wrong passwords', async () => {
    expect(await c.command('a', 'LOGIN alice wrong')).toMatch(/a NO \[AUTHENTICATIONFAILED\]/);
  });

  it('appends, selects and fetches byte-exact', async () => {
    await c.login();
    c.write(`a APPEND INBOX (\\Seen) {${MSG.length}}\r\n`);
    await c.waitFor(/^\+ .*\r\n/m);
    c.write(`${MSG}\r\n`);
    const r = await c.waitFor(/a (OK|NO|BAD).*\r\n/);
    expect(r).toMatch(/a OK \[APPENDUID \d+ 1\]/);
    const sel = await c.command('b', 'SELECT INBOX');
    expect(sel).toContain('* 1 EXISTS');
    expect(sel).toMatch(/b OK \[READ-WRITE\]/);
    const f = await c.command('c', 'FETCH 1 (UID RFC822.SIZE BODY.PEEK[])');
    expect(f).toContain(`* 1 FETCH (UID 1 RFC822.SIZE ${MSG.length} BODY[] {${MSG.length}}\r\n${MSG})`);
    const p = await c.command('d', 'UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (Subject)] BODY.PEEK[]<6.3>)');
    expect(p).toContain('BODY[HEADER.FIELDS (Subject)] {18}\r\nSubject: Hello\r\n\r\n');
    expect(p).toContain('BODY[]<6> {3}\r\nBob');
  });
});
