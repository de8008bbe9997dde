import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('hostile input', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer({
      users: [{ username: 'alice', password: 'secret', storageLimit: 2000 }],
      server: { maxLineLength: 8192, maxBadCommands: 5 },
    });
    c = await RawImapClient.connect(h.port);
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('refuses an absurd sync literal without sending + and stays usable', async () => {
    c.write('a LOGIN {99999999999}\r\n');
    const r = await c.waitFor(/a (NO|BAD).*\r\n/);
    expect(r).toMatch(/^a NO \[TOOBIG\]/);
    expect(r).not.toContain('+ ');
    expect(await c.command('b', 'NOOP')).toMatch(/b OK/);
  });

  it('closes on an oversized non-sync literal instead of reading it', async () => {
    c.write('a LOGIN {99999999999+}\r\nxxxx');
    const r = await c.waitFor(/\* BYE.*\r\n/);
    expect(r).toMatch(/a NO \[TOOBIG\]/);
    await c.waitClosed();
  });

  it('rejects a huge line as soon as the limit is crossed, without waiting for CRLF', async () => {
    const chunk = 'a'.repeat(64 * 1024);
    c.write('x1 NOOP ');
    for (let i = 0; i < 16; i++) c.write(chunk); // 1 MB, no CRLF
    const r = await c.waitFor(/x1 BAD.*\r\n/);
    expect(r).toMatch(/Line too long/);
    c.write('rest-of-line\r\n');
    expect(await c.command('b', 'NOOP')).toMatch(/b OK/);
  });

  it('rejects 10,000-deep nesting', async () => {
    await c.login();
    const r = await c.command('a', `ID ${'('.repeat(4000)}${')'.repeat(4000)}`);
    expect(r).toMatch(/a BAD/);
    expect(await c.command('b', 'NOOP')).toMatch(/b OK/);
  });

  it('rejects 10,000-deep nesting beyond the line limit too', async () => {
    const r = await c.command('a', `ID ${'('.repeat(10_000)}${')'.repeat(10_000)}`);
    expect(r).toMatch(/a BAD/);
  });

  it('rejects invalid UTF-8 in mailbox names and quoted strings', async () => {
    await c.login();
    expect(await c.command('a', 'SELECT "\xff\xfe"')).toMatch(/a BAD/);
    expect(await c.command('b', 'CREATE "bad\xc3("')).toMatch(/b BAD/);
    // Well-formed string, impossible name: refused without the BAD penalty.
    expect(await c.command('c', 'SELECT "&Jjo"')).toMatch(/c NO \[CANNOT\]/);
  });

  it('rejects invalid UTF-8 in credentials', async () => {
    expect(await c.command('a', 'LOGIN "\xc3\x28" x')).toMatch(/a BAD/);
  });

  it('answers commands in the wrong state with BAD', async () => {
    expect(await c.command('a', 'SELECT INBOX')).toMatch(/a BAD .*state/);
    await c.login();
    expect(await c.command('b', 'FETCH 1 FLAGS')).toMatch(/b BAD .*state/);
    expect(await c.command('c', 'LOGIN alice secret')).toMatch(/c BAD/);
  });

  it('survives a client vanishing mid-literal', async () => {
    await c.login();
    c.write('a APPEND INBOX {1000}\r\n');
    await c.waitFor(/^\+ .*\r\n/m);
    c.write('From: x\r\n\r\npartial');
    c.close();
    await until(() => h.server.connectionCount === 0);
    expect(h.backend.calls.append ?? 0).toBe(0);
  });

  it('survives a client vanishing with an unterminated literal before login', async () => {
    c.write('a LOGIN {10}\r\n');
    await c.waitFor(/^\+ .*\r\n/m);
    c.write('abc');
    c.close();
    await until(() => h.server.connectionCount === 0);
  });

  it('answers 20,000 pipelined commands in order', async () => {
    await c.login();
    const n = 20_000;
    let batch = '';
    for (let i = 0; i < n; i++) batch += `p${i} NOOP\r\n`;
    c.write(batch);
    const out = await c.waitFor(new RegExp(`p${n - 1} OK[^\r]*\r\n`), 20_000);
    const tags = [...out.matchAll(/(?:^|\n)(p\d+) OK/g)].map((m) => m[1]);
    expect(tags).toHaveLength(n);
    expect(tags[0]).toBe('p0');
    expect(tags[n - 1]).toBe(`p${n - 1}`);
  }, 30_000);

  it('says BYE after too many bad commands', async () => {
    for (let i = 0; i < 5; i++) expect(await c.command(`b${i}`, 'FOO')).toMatch(/BAD/);
    c.write('b5 FOO\r\n');
    await c.waitFor(/\* BYE.*\r\n/);
    await c.waitClosed();
  });

  it('answers APPEND over quota before reading the literal (sync)', async () => {
    await c.login();
    c.write('a APPEND INBOX {5000}\r\n');
    const r = await c.waitFor(/a (NO|OK|BAD).*\r\n/);
    expect(r).toMatch(/^a NO \[OVERQUOTA\]/);
    expect(await c.command('b', 'NOOP')).toMatch(/b OK/);
  });

  it('swallows a non-sync APPEND literal that fails the pre-check', async () => {
    await c.login();
    c.write(`a APPEND INBOX {5000+}\r\n${'x'.repeat(5000)}\r\n`);
    const r = await c.waitFor(/a (NO|OK|BAD).*\r\n/);
    expect(r).toMatch(/^a NO \[OVERQUOTA\]/);
    expect(await c.command('b', 'NOOP')).toMatch(/b OK/);
    expect(h.backend.calls.append ?? 0).toBe(0);
  });

  it('refuses APPEND to a missing mailbox with TRYCREATE before the literal', async () => {
    await c.login();
    c.write('a APPEND Nope {10}\r\n');
    expect(await c.waitFor(/a (NO|OK|BAD).*\r\n/)).toMatch(/^a NO \[TRYCREATE\]/);
  });

  it('refuses APPEND above APPENDLIMIT', async () => {
    await c.login();
    c.write('a APPEND INBOX {999999999999}\r\n');
    expect(await c.waitFor(/a (NO|OK|BAD).*\r\n/)).toMatch(/^a NO \[TOOBIG\]/);
  });
});
