import { useMemorySession } from '../testing/memory-session';

const seedFive = {
  seed: (backend: import('../testing/memory-backend').MemoryImapBackend) => {
    for (let i = 1; i <= 5; i++) backend.deliver('alice', 'INBOX', `Subject: s${i}\r\n\r\nbody ${i}\r\n`);
  },
};

describe('CONTEXT=SEARCH: PARTIAL', () => {
  const session = useMemorySession(seedFive);

  it('answers a window of the result, in either order of the range, NIL past the end', async () => {
    const { client } = session;
    expect(await client.command('a', 'SEARCH RETURN (PARTIAL 1:1) ALL')).toContain('PARTIAL (1:1 1)');
    expect(await client.command('b', 'SEARCH RETURN (PARTIAL 4:2) ALL')).toContain('PARTIAL (2:4 2:4)');
    expect(await client.command('c', 'SEARCH RETURN (PARTIAL 1:6) ALL')).toContain('PARTIAL (1:6 1:5)');
    expect(await client.command('d', 'SEARCH RETURN (PARTIAL 6:6) ALL')).toContain('PARTIAL (6:6 NIL)');
    expect(await client.command('e', 'SEARCH RETURN (PARTIAL 2:3) 1:2,4:5')).toContain('PARTIAL (2:3 2,4)');
    expect(await client.command('f', 'UID SEARCH RETURN (PARTIAL -1:-2) ALL')).toContain(
      'UID PARTIAL (-1:-2 4:5)',
    );
  });

  it('refuses ranges that are not two positions', async () => {
    const { client } = session;
    for (const range of ['1', '1:*', '*:1', '0:3', '-1:3', '1:2:3'])
      expect(await client.command('x', `SEARCH RETURN (PARTIAL ${range}) ALL`)).toMatch(/x BAD/);
    expect(await client.command('y', 'NOOP')).toContain('y OK');
  });
});

describe('CONTEXT=SEARCH: UPDATE', () => {
  const session = useMemorySession(seedFive);

  it('reports messages joining and leaving the result after STORE, EXPUNGE and APPEND', async () => {
    const { client } = session;
    const first = await client.command('u1', 'SEARCH RETURN (UPDATE ALL) SEEN');
    expect(first).toContain('* ESEARCH (TAG "u1")\r\n');
    expect(await client.command('a', 'STORE 1,2,4 +FLAGS \\Seen')).toContain(
      '* ESEARCH (TAG "u1") ADDTO (0 1:2,4)',
    );
    expect(await client.command('b', 'STORE 1,2 -FLAGS \\Seen')).toContain(
      '* ESEARCH (TAG "u1") REMOVEFROM (0 1:2)',
    );
    await client.command('c', 'STORE 3:5 +FLAGS \\Deleted');
    const expunge = await client.command('d', 'EXPUNGE');
    // Numbered as the client still numbers them: before the EXPUNGE responses.
    expect(expunge.indexOf('REMOVEFROM (0 4)')).toBeGreaterThan(-1);
    expect(expunge.indexOf('REMOVEFROM (0 4)')).toBeLessThan(expunge.indexOf('EXPUNGE\r\n'));
    expect(await client.command('e', 'APPEND INBOX (\\Seen) {9}\r\nSubject: \r\n')).toContain(
      '* ESEARCH (TAG "u1") ADDTO (0 3)',
    );
    expect(await client.command('f', 'CANCELUPDATE "u1"')).toContain('f OK');
    expect(await client.command('g', 'STORE 1 +FLAGS \\Seen')).not.toContain('ESEARCH');
    expect(await client.command('h', 'CANCELUPDATE "u1"')).toMatch(/h BAD/);
  });

  it('keeps UID searches in UIDs, and reports changes made by another session', async () => {
    const { client, server } = session;
    expect(await client.command('u2', 'UID SEARCH RETURN (UPDATE ALL) FLAGGED')).toContain(
      '* ESEARCH (TAG "u2") UID\r\n',
    );
    server.backend.deliver('alice', 'INBOX', 'Subject: late\r\n\r\nx\r\n', ['\\Flagged']);
    expect(await client.command('a', 'NOOP')).toContain('* ESEARCH (TAG "u2") UID ADDTO (0 6)');
  });

  it('refuses more live searches than it keeps, without failing the search', async () => {
    const { client } = session;
    for (let i = 0; i < 5; i++)
      expect(await client.command(`k${i}`, 'SEARCH RETURN (UPDATE) ALL')).not.toContain('NOUPDATE');
    const refused = await client.command('k5', 'SEARCH RETURN (UPDATE COUNT) ALL');
    expect(refused).toContain('* NO [NOUPDATE "k5"]');
    expect(refused).toContain('COUNT 5');
    expect(refused).toContain('k5 OK');
  });
});
