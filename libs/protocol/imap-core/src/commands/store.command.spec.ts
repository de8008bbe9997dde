import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

describe('STORE / COPY / EXPUNGE / CLOSE', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    for (let i = 1; i <= 4; i++) h.backend.deliver('alice', 'INBOX', `Subject: ${i}\r\n\r\nbody\r\n`);
    c = await RawImapClient.connect(h.port);
    await c.login();
    await c.command('s', 'SELECT INBOX');
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('adds, removes and replaces flags', async () => {
    expect(await c.command('a', 'STORE 1:2 +FLAGS (\\Seen $Label1)')).toContain(
      '* 2 FETCH (FLAGS (\\Recent \\Seen $Label1))',
    );
    expect(await c.command('b', 'STORE 1 -FLAGS (\\seen)')).toContain('* 1 FETCH (FLAGS (\\Recent $Label1))');
    expect(await c.command('c', 'UID STORE 2 FLAGS (\\Answered)')).toContain(
      '* 2 FETCH (FLAGS (\\Recent \\Answered) UID 2)',
    );
    const silent = await c.command('d', 'STORE 3 +FLAGS.SILENT (\\Flagged)');
    expect(silent).not.toContain('FETCH (');
    expect(await c.command('e', 'STORE 1 +FLAGS (\\Recent)')).toMatch(/e BAD/);
    expect(await c.command('f', 'STORE 1 +FLAGS (\\Bogus)')).toMatch(/f BAD/);
    expect(await c.command('g', 'STORE 1 XFLAGS (\\Seen)')).toMatch(/g BAD/);
  });

  it('announces a new keyword in FLAGS before any FETCH shows it, once', async () => {
    const first = await c.command('a', 'STORE 1 +FLAGS ($Urgent)');
    const flagsAt = first.indexOf('* FLAGS (');
    expect(flagsAt).toBeGreaterThanOrEqual(0);
    expect(first.slice(flagsAt)).toMatch(/^\* FLAGS \([^)]*\$Urgent\)/);
    expect(first).toContain('OK [PERMANENTFLAGS (');
    expect(flagsAt).toBeLessThan(first.indexOf('FETCH (FLAGS'));
    const second = await c.command('b', 'STORE 2 +FLAGS ($urgent)');
    expect(second).not.toContain('* FLAGS');
    const other = await RawImapClient.connect(h.port);
    try {
      await other.login();
      await other.command('s', 'SELECT INBOX');
      await c.command('c', 'STORE 3 +FLAGS ($Later)');
      const seen = await other.command('n', 'NOOP');
      expect(seen).toMatch(/\* FLAGS \([^)]*\$Later/);
      expect(seen.indexOf('* FLAGS (')).toBeLessThan(seen.indexOf('$Later)'));
    } finally {
      other.close();
    }
  });

  it('copies with COPYUID and reports TRYCREATE', async () => {
    expect(await c.command('a', 'COPY 2:3 Trash')).toMatch(/a OK \[COPYUID \d+ 2:3 1:2\]/);
    expect(await c.command('b', 'UID COPY 4 Trash')).toMatch(/b OK \[COPYUID \d+ 4 3\]/);
    expect(await c.command('c', 'COPY 1 Nowhere')).toMatch(/c NO \[TRYCREATE\]/);
  });

  it('EXPUNGE and UID EXPUNGE remove only \\Deleted messages', async () => {
    await c.command('a', 'STORE 1,3,4 +FLAGS.SILENT (\\Deleted)');
    const u = await c.command('b', 'UID EXPUNGE 3:4');
    expect(u).toContain('* 4 EXPUNGE\r\n* 3 EXPUNGE');
    const e = await c.command('c', 'EXPUNGE');
    expect(e).toContain('* 1 EXPUNGE');
    expect(e).not.toContain('* 2 EXPUNGE');
    const f = await c.command('d', 'FETCH 1:* UID');
    expect(f).toContain('* 1 FETCH (UID 2)');
  });

  it('CLOSE expunges silently; UNSELECT does not', async () => {
    await c.command('a', 'STORE 1 +FLAGS.SILENT (\\Deleted)');
    await c.command('b', 'UNSELECT');
    expect(await c.command('s2', 'SELECT INBOX')).toContain('* 4 EXISTS');
    const close = await c.command('c', 'CLOSE');
    expect(close).not.toContain('EXPUNGE');
    expect(await c.command('s3', 'SELECT INBOX')).toContain('* 3 EXISTS');
    expect(await c.command('e', 'EXAMINE INBOX')).toMatch(/\* OK \[CLOSED\][^]*e OK \[READ-ONLY\]/);
    expect(await c.command('f', 'STORE 1 +FLAGS (\\Seen)')).toMatch(/f NO \[READ-ONLY\]/);
  });

  it('answers BAD for sequence numbers beyond the mailbox, but not for UIDs or * ranges', async () => {
    expect(await c.command('a', 'FETCH 9 FLAGS')).toMatch(/a BAD/);
    expect(await c.command('b', 'STORE 2:9 +FLAGS (\\Seen)')).toMatch(/b BAD/);
    expect(await c.command('c', 'UID FETCH 9 FLAGS')).toMatch(/c OK/);
    expect(await c.command('d', 'FETCH 3:* FLAGS')).toMatch(/d OK/);
  });

  it('a failed SELECT leaves no mailbox selected', async () => {
    expect(await c.command('a', 'SELECT Nope')).toMatch(/a NO \[NONEXISTENT\]/);
    expect(await c.command('b', 'FETCH 1 FLAGS')).toMatch(/b BAD/);
  });
});
