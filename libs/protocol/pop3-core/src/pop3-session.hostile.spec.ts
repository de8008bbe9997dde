import { startFixture, type SessionFixture } from './testing/session-fixture';

describe('POP3 session: hostile and malformed input', () => {
  let fixture: SessionFixture;

  beforeEach(async () => {
    fixture = await startFixture({ maxBadCommands: 50 });
    fixture.backend.addMessage('alice', 'Subject: a\r\n\r\nbody\r\n');
    fixture.backend.addMessage('alice', 'Subject: b\r\n\r\nbody\r\n');
  });
  afterEach(() => fixture.close());

  it('refuses unknown commands and commands in the wrong state without changing state', async () => {
    const client = await fixture.connect();
    await client.line();
    expect(await client.command('HELO x')).toBe('-ERR unknown command HELO');
    expect(await client.command('STAT')).toBe('-ERR STAT is not valid in this state');
    expect(await client.command('RETR 1')).toBe('-ERR RETR is not valid in this state');
    expect(await client.command('NOOP')).toBe('-ERR NOOP is not valid in this state');
    expect(await client.command('')).toMatch(/^-ERR unknown command/);
    expect(await client.command('\u0000\u0001garbage')).toMatch(/^-ERR unknown command/);
    await client.command('USER alice');
    await client.command('PASS secret pass');
    expect(await client.command('USER bob')).toBe('-ERR USER is not valid in this state');
    expect(await client.command('PASS x')).toBe('-ERR PASS is not valid in this state');
    expect(await client.command('AUTH PLAIN')).toBe('-ERR AUTH is not valid in this state');
    expect(await client.command('STLS')).toBe('-ERR STLS is not valid in this state');
    expect(await client.command('STAT')).toMatch(/^\+OK 2 /);
  });

  it('refuses bad arguments and out-of-range message numbers with no state change', async () => {
    const client = await fixture.login();
    for (const line of [
      'RETR',
      'RETR 0',
      'RETR -1',
      'RETR 1.5',
      'RETR 3',
      'RETR 99999999999999999999',
      'RETR 1 2',
      'RETR abc',
      'DELE 3',
      'DELE',
      'LIST 0',
      'LIST 1 2',
      'UIDL x',
      'TOP 1',
      'TOP 1 -1',
      'TOP 1 x',
      'TOP 9 1',
      'STAT 1',
      'NOOP x',
      'RSET now',
      'CAPA x',
      'QUIT now',
    ]) {
      expect(await client.command(line), line).toMatch(/^-ERR /);
    }
    expect(await client.command('STAT')).toMatch(/^\+OK 2 /);
    expect(fixture.backend.commits).toBe(0);
  });

  it('rejects a 1 MB line without buffering it and keeps serving the session', async () => {
    const client = await fixture.login();
    const before = process.memoryUsage().arrayBuffers;
    client.send(Buffer.alloc(1024 * 1024, 'A'));
    client.send('\r\nNOOP\r\n');
    expect(await client.line()).toBe('-ERR line too long');
    expect(await client.line()).toBe('+OK');
    // A 1 MB line buffered anywhere would show; a dropped one leaves only socket chunks behind.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * 1024 * 1024);
  });

  it('counts a 513-byte command as too long, a 512-byte one as an ordinary command', async () => {
    const client = await fixture.connect();
    await client.line();
    expect(await client.command(`USER ${'a'.repeat(507)}`)).toBe('+OK send PASS');
    expect(await client.command(`USER ${'a'.repeat(508)}`)).toBe('-ERR line too long');
  });

  it('accepts bare LF line endings from sloppy clients', async () => {
    const client = await fixture.connect();
    await client.line();
    client.send('USER alice\nPASS secret pass\nSTAT\n');
    expect(await client.line()).toMatch(/^\+OK/);
    expect(await client.line()).toMatch(/^\+OK maildrop/);
    expect(await client.line()).toMatch(/^\+OK 2 /);
  });

  it('closes the connection after too many bad commands', async () => {
    await fixture.close();
    fixture = await startFixture({ maxBadCommands: 3 });
    const client = await fixture.connect();
    await client.line();
    client.send('A\r\nB\r\nC\r\nD\r\n');
    expect(await client.line()).toMatch(/^-ERR unknown/);
    expect(await client.line()).toMatch(/^-ERR unknown/);
    expect(await client.line()).toMatch(/^-ERR unknown/);
    expect(await client.line()).toBe('-ERR too many bad commands');
    await client.closedByServer();
  });

  it('stops reading from a client that pipelines without reading responses', async () => {
    const client = await fixture.login();
    client.stopReading();
    // 200k LISTs would produce megabytes of output; the server must stall on the full socket instead.
    client.send(Buffer.from('LIST\r\n'.repeat(200_000)));
    await new Promise((resolve) => setTimeout(resolve, 800));
    const answered = fixture.logs.filter((event) => event.command === 'LIST').length;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(200_000);
    client.close();
    await fixture.server.close();
    expect(fixture.server.sessionCount).toBe(0);
    expect(fixture.backend.locks.size).toBe(0);
  }, 30_000);

  it('plaintext authentication can be refused before TLS', async () => {
    await fixture.close();
    fixture = await startFixture({ allowPlaintextAuth: false });
    const client = await fixture.connect();
    await client.line();
    await client.command('CAPA');
    const capa = (await client.multiline()).toString();
    expect(capa).not.toContain('USER');
    expect(capa).not.toContain('SASL');
    expect(await client.command('USER alice')).toMatch(
      /^-ERR \[AUTH\] plaintext authentication is disallowed/,
    );
    expect(await client.command('PASS secret pass')).toBe('-ERR send USER first');
    const plain = Buffer.from('\0alice\0secret pass').toString('base64');
    expect(await client.command(`AUTH PLAIN ${plain}`)).toMatch(/^-ERR \[AUTH\]/);
    expect(fixture.backend.authAttempts).toHaveLength(0);
  });
});
