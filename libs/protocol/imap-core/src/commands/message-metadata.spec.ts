import { useMemorySession } from '../testing/memory-session';

describe('OBJECTID, PREVIEW and SAVEDATE', () => {
  const session = useMemorySession({
    seed: (backend) => {
      backend.deliver('alice', 'INBOX', `Subject: a\r\n\r\nHello\r\nthere ${'x'.repeat(400)}\r\n`);
    },
  });

  it('answers PREVIEW as one line of at most 256 characters, with or without LAZY', async () => {
    const text = await session.client.command('a', 'FETCH 1 (PREVIEW)');
    const preview = /PREVIEW "([^"]*)"/.exec(text)?.[1] ?? '';
    expect(preview.startsWith('Hello there x')).toBe(true);
    expect(preview.length).toBeLessThanOrEqual(256);
    expect(await session.client.command('b', 'FETCH 1 (UID PREVIEW (LAZY))')).toMatch(/UID 1 PREVIEW "Hello/);
    expect(await session.client.command('c', 'FETCH 1 (PREVIEW (EAGER))')).toMatch(/c BAD/);
  });

  it('answers SAVEDATE and searches by it', async () => {
    const text = await session.client.command('a', 'FETCH 1 (SAVEDATE)');
    expect(text).toMatch(/SAVEDATE "[ \d]\d-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"/);
    const today = new Date();
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const day = `${today.getUTCDate()}-${months[today.getUTCMonth()]}-${today.getUTCFullYear()}`;
    expect(await session.client.command('b', `SEARCH SAVEDON ${day}`)).toContain('* SEARCH 1\r\n');
    expect(await session.client.command('d', `SEARCH SAVEDBEFORE ${day}`)).toContain('* SEARCH\r\n');
    expect(await session.client.command('f', 'SEARCH SAVEDATESUPPORTED')).toContain('* SEARCH 1\r\n');
  });

  it('reports EMAILID kept across COPY, THREADID and MAILBOXID', async () => {
    const created = await session.client.command('a', 'CREATE Archive');
    expect(created).toMatch(/a OK \[MAILBOXID \([A-Za-z0-9_-]+\)\]/);
    await session.client.command('s2', 'SELECT INBOX');
    const before = /EMAILID \(([^)]+)\)/.exec(
      await session.client.command('b', 'FETCH 1 (EMAILID THREADID)'),
    );
    expect(before?.[1]).toBeTruthy();
    await session.client.command('c', 'COPY 1 Archive');
    const selected = await session.client.command('d', 'SELECT Archive');
    expect(selected).toMatch(/\* OK \[MAILBOXID \([A-Za-z0-9_-]+\)\]/);
    const after = await session.client.command('f', 'FETCH 1 (EMAILID THREADID)');
    expect(after).toContain(`EMAILID (${before?.[1]})`);
    expect(after).toContain('THREADID NIL');
    expect(await session.client.command('g', `SEARCH EMAILID ${before?.[1]}`)).toContain('* SEARCH 1\r\n');
    expect(await session.client.command('h', 'STATUS INBOX (MAILBOXID MESSAGES)')).toMatch(
      /MAILBOXID \([A-Za-z0-9_-]+\) MESSAGES 1/,
    );
  });
});
