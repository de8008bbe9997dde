import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

const msg = (n: number): string => `From: a@example.com\r\nSubject: m${n}\r\n\r\nbody ${n}\r\n`;

describe('two sessions on one mailbox', () => {
  let h: MemoryServerHandle;
  let a: RawImapClient;
  let b: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer({ server: { idleKeepaliveSeconds: 0.2 } });
    for (let i = 1; i <= 5; i++) h.backend.deliver('alice', 'INBOX', msg(i));
    a = await RawImapClient.connect(h.port);
    b = await RawImapClient.connect(h.port);
    await a.login();
    await b.login();
    await a.command('s', 'SELECT INBOX');
    await b.command('s', 'SELECT INBOX');
  });
  afterEach(async () => {
    a.close();
    b.close();
    await h.close();
  });

  it('reports EXPUNGE with correct renumbering and EXISTS on NOOP', async () => {
    await b.command('1', 'STORE 2,4 +FLAGS.SILENT (\\Deleted)');
    await b.command('2', 'EXPUNGE');
    h.backend.deliver('alice', 'INBOX', msg(6));
    const r = await a.command('n', 'NOOP');
    // seq 4 first, then 2 (still valid after the first removal), then the new count.
    expect(r.indexOf('* 4 EXPUNGE')).toBeGreaterThanOrEqual(0);
    expect(r.indexOf('* 4 EXPUNGE')).toBeLessThan(r.indexOf('* 2 EXPUNGE'));
    expect(r).toContain('* 4 EXISTS');
    const f = await a.command('f', 'FETCH 1:* (UID)');
    expect(f.match(/\* \d+ FETCH \(UID \d+\)/g)).toEqual([
      '* 1 FETCH (UID 1)',
      '* 2 FETCH (UID 3)',
      '* 3 FETCH (UID 5)',
      '* 4 FETCH (UID 6)',
    ]);
  });

  it('does not send EXPUNGE during FETCH/STORE/SEARCH by sequence number, but does for UID FETCH', async () => {
    await b.command('1', 'STORE 1 +FLAGS.SILENT (\\Deleted)');
    await b.command('2', 'EXPUNGE');
    const f = await a.command('f', 'FETCH 1:* (FLAGS)');
    expect(f).not.toContain('EXPUNGE');
    expect(f.match(/\* \d+ FETCH/g)).toHaveLength(4); // message 1 is gone, numbering unchanged
    expect(f).toMatch(/\* 2 FETCH/);
    const s = await a.command('s2', 'SEARCH ALL');
    expect(s).not.toContain('EXPUNGE');
    expect(s).toContain('* SEARCH 2 3 4 5');
    const u = await a.command('u', 'UID FETCH 1:* (FLAGS)');
    expect(u).toContain('* 1 EXPUNGE');
    expect(u.indexOf('* 1 EXPUNGE')).toBeLessThan(u.indexOf('u OK'));
  });

  it('reports flag changes by others as FETCH FLAGS, and not our own twice', async () => {
    const own = await a.command('1', 'STORE 3 +FLAGS (\\Flagged)');
    expect(own.match(/FETCH/g)).toHaveLength(1);
    await b.command('2', 'STORE 1 +FLAGS.SILENT (\\Seen)');
    const r = await a.command('n', 'NOOP');
    expect(r).toContain('* 1 FETCH (UID 1 FLAGS (\\Recent \\Seen))');
    expect(r).not.toContain('* 3 FETCH');
  });

  it('pushes changes during IDLE and keeps the connection alive', async () => {
    a.write('i IDLE\r\n');
    await a.waitFor(/^\+ idling\r\n/m);
    h.backend.deliver('alice', 'INBOX', msg(9));
    await a.waitFor(/\* 6 EXISTS\r\n/);
    await b.command('1', 'STORE 2 +FLAGS.SILENT (\\Deleted)');
    await b.command('2', 'EXPUNGE');
    await a.waitFor(/\* 2 EXPUNGE\r\n/);
    await a.waitFor(/\* OK Still here\r\n/);
    a.write('DONE\r\n');
    await a.waitFor(/i OK.*\r\n/);
    expect(await a.command('n', 'NOOP')).toMatch(/n OK/);
  });

  it('reports MOVE with COPYUID before the EXPUNGEs and EXISTS to the destination watcher', async () => {
    await b.command('x', 'SELECT Trash');
    const r = await a.command('m', 'MOVE 2:3 Trash');
    expect(r).toMatch(/\* OK \[COPYUID \d+ 2:3 1:2\] Moved\r\n\* 3 EXPUNGE\r\n\* 2 EXPUNGE\r\nm OK/);
    expect(await b.command('n', 'NOOP')).toContain('* 2 EXISTS');
  });
});
