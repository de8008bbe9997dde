import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

describe('SEARCHRES', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    for (let i = 1; i <= 5; i++) h.backend.deliver('alice', 'INBOX', `Subject: ${i}\r\n\r\nbody\r\n`);
    c = await RawImapClient.connect(h.port);
    await c.login();
    await c.command('s', 'SELECT INBOX');
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('saves a result for $ in FETCH, STORE, SEARCH and UID commands', async () => {
    await c.command('a', 'STORE 2,4 +FLAGS (\\Flagged)');
    const saved = await c.command('b', 'SEARCH RETURN (SAVE) FLAGGED');
    expect(saved).not.toContain('ESEARCH');
    expect(saved).toContain('b OK');
    expect(await c.command('c', 'FETCH $ (UID)')).toMatch(/\* 2 FETCH \(UID 2\)\r\n\* 4 FETCH \(UID 4\)/);
    expect(await c.command('d', 'UID SEARCH UID $')).toContain('* SEARCH 2 4');
    expect(await c.command('e', 'SEARCH $ SMALLER 1')).toContain('* SEARCH\r\n');
    await c.command('f', 'STORE $ +FLAGS (\\Deleted)');
    await c.command('g', 'EXPUNGE');
    // Expunged messages drop out of the saved result.
    expect(await c.command('h', 'FETCH $ (UID)')).not.toContain('FETCH (UID');
  });

  it('saves only MIN and MAX when asked for just those, and clears $ on a failed SEARCH', async () => {
    const text = await c.command('a', 'UID SEARCH RETURN (SAVE MIN MAX) ALL');
    expect(text).toContain('MIN 1 MAX 5');
    expect(await c.command('b', 'UID FETCH $ (UID)')).toMatch(/\(UID 1\)[\s\S]*\(UID 5\)/);
    expect(await c.command('c', 'UID FETCH $ (UID)')).not.toContain('UID 3');
    expect(await c.command('d', 'SEARCH RETURN (SAVE) BOGUS')).toMatch(/d BAD/);
    expect(await c.command('f', 'FETCH $ (UID)')).not.toContain('FETCH (UID');
  });
});
