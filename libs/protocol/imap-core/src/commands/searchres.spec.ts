import { useMemorySession } from '../testing/memory-session';

describe('SEARCHRES', () => {
  const session = useMemorySession({
    seed: (backend) => {
      for (let i = 1; i <= 5; i++) backend.deliver('alice', 'INBOX', `Subject: ${i}\r\n\r\nbody\r\n`);
    },
  });

  it('saves a result for $ in FETCH, STORE, SEARCH and UID commands', async () => {
    await session.client.command('a', 'STORE 2,4 +FLAGS (\\Flagged)');
    const saved = await session.client.command('b', 'SEARCH RETURN (SAVE) FLAGGED');
    expect(saved).not.toContain('ESEARCH');
    expect(saved).toContain('b OK');
    expect(await session.client.command('c', 'FETCH $ (UID)')).toMatch(
      /\* 2 FETCH \(UID 2\)\r\n\* 4 FETCH \(UID 4\)/,
    );
    expect(await session.client.command('d', 'UID SEARCH UID $')).toContain('* SEARCH 2 4');
    expect(await session.client.command('e', 'SEARCH $ SMALLER 1')).toContain('* SEARCH\r\n');
    await session.client.command('f', 'STORE $ +FLAGS (\\Deleted)');
    await session.client.command('g', 'EXPUNGE');
    // Expunged messages drop out of the saved result.
    expect(await session.client.command('h', 'FETCH $ (UID)')).not.toContain('FETCH (UID');
  });

  it('saves only MIN and MAX when asked for just those, and clears $ on a failed SEARCH', async () => {
    const text = await session.client.command('a', 'UID SEARCH RETURN (SAVE MIN MAX) ALL');
    expect(text).toContain('MIN 1 MAX 5');
    expect(await session.client.command('b', 'UID FETCH $ (UID)')).toMatch(/\(UID 1\)[\s\S]*\(UID 5\)/);
    expect(await session.client.command('c', 'UID FETCH $ (UID)')).not.toContain('UID 3');
    expect(await session.client.command('d', 'SEARCH RETURN (SAVE) BOGUS')).toMatch(/d BAD/);
    expect(await session.client.command('f', 'FETCH $ (UID)')).not.toContain('FETCH (UID');
  });
});
