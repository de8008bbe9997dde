import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

describe('STATUS / quota / APPEND / ENABLE / misc', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    h.backend.deliver('alice', 'INBOX', 'Subject: a\r\n\r\nx\r\n', ['\\Seen']);
    h.backend.deliver('alice', 'INBOX', 'Subject: b\r\n\r\nyy\r\n', ['\\Deleted']);
    c = await RawImapClient.connect(h.port);
    await c.login();
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('reports STATUS items', async () => {
    const r = await c.command('a', 'STATUS INBOX (MESSAGES UIDNEXT UNSEEN DELETED SIZE RECENT)');
    expect(r).toContain('* STATUS INBOX (MESSAGES 2 UIDNEXT 3 UNSEEN 1 DELETED 1 SIZE 35 RECENT 2)');
    expect(await c.command('b', 'STATUS INBOX (BOGUS)')).toMatch(/b BAD/);
    expect(await c.command('d', 'STATUS INBOX (APPENDLIMIT)')).toContain(
      '* STATUS INBOX (APPENDLIMIT 67108864)',
    );
    expect(await c.command('c', 'STATUS Nope (MESSAGES)')).toMatch(/c NO \[NONEXISTENT\]/);
  });

  it('reports quota in KiB and refuses SETQUOTA', async () => {
    const r = await c.command('a', 'GETQUOTAROOT INBOX');
    expect(r).toContain('* QUOTAROOT INBOX ""');
    expect(r).toContain('* QUOTA "" (STORAGE 1 102400 MESSAGE 2 1000000)');
    expect(await c.command('b', 'GETQUOTA ""')).toContain('* QUOTA ""');
    expect(await c.command('c', 'SETQUOTA "" (STORAGE 10)')).toMatch(/c NO/);
  });

  it('APPEND keeps flags and date, reports APPENDUID and EXISTS in the selected mailbox', async () => {
    await c.command('s', 'SELECT INBOX');
    const msg = 'Subject: new\r\n\r\nhello\r\n';
    c.write(`a APPEND INBOX (\\Flagged) "05-Feb-2024 10:20:30 +0100" {${msg.length}+}\r\n${msg}\r\n`);
    const r = await c.waitFor(/a (OK|NO|BAD).*\r\n/);
    expect(r).toMatch(/\* 3 EXISTS\r\n\* 3 RECENT\r\na OK \[APPENDUID \d+ 3\]/);
    const f = await c.command('f', 'FETCH 3 (FLAGS INTERNALDATE)');
    expect(f).toContain('FLAGS (\\Recent \\Flagged) INTERNALDATE " 5-Feb-2024 09:20:30 +0000"');
    c.write('b APPEND INBOX "bad date" {1+}\r\nx\r\n');
    expect(await c.waitFor(/b (OK|NO|BAD).*\r\n/)).toMatch(/b BAD/);
  });

  it('APPEND accepts the RFC 6855 UTF8 wrapper only after ENABLE UTF8=ACCEPT', async () => {
    const msg = Buffer.from('Subject: Grüße\r\n\r\nhi\r\n', 'utf8');
    const send = (tag: string): void => {
      c.write(`${tag} APPEND INBOX UTF8 (~{${msg.length}+}\r\n`);
      c.write(msg);
      c.write(')\r\n');
    };
    send('a');
    expect(await c.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a BAD/);
    await c.command('e', 'ENABLE UTF8=ACCEPT');
    send('b');
    expect(await c.waitFor(/b (OK|NO|BAD).*\r\n/)).toMatch(/b OK \[APPENDUID \d+ 3\]/);
  });

  it('bounds the total literal bytes of an ordinary command', async () => {
    // Four 60 kB literals fit the 4 x 64 KiB budget; the fifth marker is refused before its data.
    const lit = (k: string): string => ` "${k}" {60000+}\r\n${'x'.repeat(60000)}`;
    c.write(`a ID ("k0"${lit('k1').slice(5)}${lit('k2')}${lit('k3')}${lit('k4')} "k5" {60000+}\r\n`);
    const r = await c.waitFor(/a (OK|NO|BAD).*\r\n/);
    expect(r).toMatch(/a NO \[TOOBIG\]/);
  });

  it('ENABLE, ID and NAMESPACE', async () => {
    expect(await c.command('a', 'ENABLE IMAP4rev2 CONDSTORE X-UNKNOWN')).toContain(
      '* ENABLED IMAP4rev2 CONDSTORE\r\n',
    );
    const sel = await c.command('s', 'SELECT INBOX');
    expect(sel).not.toContain('RECENT');
    expect(sel).toContain('* LIST () "/" INBOX');
    expect(await c.command('b', 'ID ("name" "test" "version" NIL)')).toContain('* ID ("name" "Eider")');
    expect(await c.command('c', 'ID NIL')).toMatch(/c OK/);
    expect(await c.command('d', 'ID ("odd")')).toMatch(/d BAD/);
    expect(await c.command('e', 'NAMESPACE')).toContain('* NAMESPACE (("" "/")) NIL NIL');
  });

  it('rev1 SELECT reports RECENT and PERMANENTFLAGS', async () => {
    const sel = await c.command('s', 'SELECT INBOX');
    expect(sel).toContain('* 2 RECENT');
    expect(sel).toContain('* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft \\*)]');
    expect(sel).toMatch(/\* OK \[UIDVALIDITY \d+\]/);
    expect(sel).toContain('* OK [UIDNEXT 3]');
  });

  it('LOGOUT says BYE then OK and closes', async () => {
    const r = await c.command('z', 'LOGOUT');
    expect(r).toMatch(/\* BYE .*\r\nz OK/);
    await c.waitClosed();
  });
});
