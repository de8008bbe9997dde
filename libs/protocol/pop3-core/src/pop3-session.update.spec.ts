import { eventually, startFixture, type SessionFixture } from './testing/session-fixture';

describe('POP3 session: UPDATE only after QUIT, exclusive access', () => {
  let fixture: SessionFixture;

  beforeEach(async () => {
    fixture = await startFixture();
    for (let i = 1; i <= 3; i++) fixture.backend.addMessage('alice', `Subject: ${i}\r\n\r\nbody ${i}\r\n`);
  });
  afterEach(() => fixture.close());

  it('a client that disconnects before QUIT leaves the maildrop untouched and unlocked', async () => {
    const client = await fixture.login();
    await client.command('RETR 1');
    await client.multiline();
    expect(await client.command('DELE 1')).toMatch(/^\+OK/);
    expect(await client.command('DELE 2')).toMatch(/^\+OK/);
    client.close();
    await eventually(() => fixture.backend.locks.size === 0);
    const account = fixture.backend.account('alice');
    expect(fixture.backend.commits).toBe(0);
    expect(account.inbox).toHaveLength(3);
    expect(account.inbox.every((m) => m.flags.size === 0)).toBe(true);
    expect(account.trash).toHaveLength(0);
  });

  it('a second login while a session holds the maildrop gets [IN-USE]; after QUIT it succeeds', async () => {
    const first = await fixture.login();
    const second = await fixture.connect();
    await second.line();
    await second.command('USER alice');
    expect(await second.command('PASS secret pass')).toBe(
      '-ERR [IN-USE] maildrop is locked by another session',
    );
    expect(await second.command('STAT')).toBe('-ERR STAT is not valid in this state');
    await first.command('QUIT');
    await first.closedByServer();
    await second.command('USER alice');
    expect(await second.command('PASS secret pass')).toMatch(/^\+OK maildrop has 3/);
  });

  it('expunge mode removes deleted messages for good', async () => {
    await fixture.close();
    fixture = await startFixture({ memory: { deleteMode: 'expunge' } });
    fixture.backend.addMessage('alice', 'Subject: x\r\n\r\n');
    const client = await fixture.login();
    await client.command('DELE 1');
    await client.command('QUIT');
    await client.closedByServer();
    expect(fixture.backend.account('alice').inbox).toHaveLength(0);
    expect(fixture.backend.account('alice').trash).toHaveLength(0);
  });

  it('maxMessages limits the maildrop to the newest messages', async () => {
    await fixture.close();
    fixture = await startFixture({ memory: { maxMessages: 2 } });
    for (let i = 1; i <= 5; i++) fixture.backend.addMessage('alice', `Subject: ${i}\r\n\r\n`);
    const client = await fixture.login();
    await client.command('UIDL');
    expect((await client.multiline()).toString()).toBe('1 m4\r\n2 m5\r\n');
  });

  it('a message removed by another client after login gets -ERR, not a broken response', async () => {
    const client = await fixture.login();
    fixture.backend.account('alice').inbox.shift();
    expect(await client.command('RETR 1')).toBe('-ERR message was removed by another client');
    expect(await client.command('RETR 2')).toMatch(/^\+OK/);
    await client.multiline();
  });

  it('idle sessions are logged out without applying changes', async () => {
    await fixture.close();
    fixture = await startFixture({ idleTimeoutMs: 200 });
    fixture.backend.addMessage('alice', 'Subject: x\r\n\r\n');
    const client = await fixture.login();
    await client.command('DELE 1');
    expect(await client.line(3000)).toMatch(/^-ERR \[SYS\/TEMP\] autologout/);
    await client.closedByServer();
    await eventually(() => fixture.backend.locks.size === 0);
    expect(fixture.backend.account('alice').inbox).toHaveLength(1);
  });

  it('server shutdown ends sessions without applying their changes and closes the listener', async () => {
    const client = await fixture.login();
    await client.command('DELE 1');
    await fixture.server.close();
    expect(await client.line()).toBe('-ERR [SYS/TEMP] server shutting down');
    await client.closedByServer();
    expect(fixture.backend.commits).toBe(0);
    expect(fixture.backend.locks.size).toBe(0);
    expect(fixture.backend.account('alice').inbox).toHaveLength(3);
    await expect(fixture.connect()).rejects.toThrow();
  });

  it('a failed commit answers -ERR [SYS/TEMP] and still releases the lock', async () => {
    const original = fixture.backend.openMaildrop.bind(fixture.backend);
    fixture.backend.openMaildrop = async (user) => {
      const opened = await original(user);
      if (opened.ok) opened.maildrop.commit = () => Promise.reject(new Error('store down'));
      return opened;
    };
    const client = await fixture.login();
    await client.command('DELE 1');
    expect(await client.command('QUIT')).toBe('-ERR [SYS/TEMP] some deleted messages not removed');
    await client.closedByServer();
    await eventually(() => fixture.backend.locks.size === 0);
  });
});

describe('POP3 server shutdown while a commit hangs', () => {
  it('waits for the grace period, then cuts the session off and closes', async () => {
    const fixture = await startFixture({ shutdownGraceMs: 200 });
    fixture.backend.addMessage('alice', 'Subject: x\r\n\r\n');
    const original = fixture.backend.openMaildrop.bind(fixture.backend);
    fixture.backend.openMaildrop = async (user) => {
      const opened = await original(user);
      if (opened.ok) opened.maildrop.commit = () => new Promise<void>(() => undefined);
      return opened;
    };
    const client = await fixture.login();
    client.send('DELE 1\r\nQUIT\r\n');
    expect(await client.line()).toMatch(/^\+OK/);
    await eventually(() => fixture.logs.some((event) => event.command === 'DELE'));
    const started = Date.now();
    await fixture.server.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(2000);
    await client.closedByServer();
    await fixture.close();
  });
});
