import { startFixture, type SessionFixture } from './testing/session-fixture';

const MESSAGE_1 = 'From: a@example.com\nSubject: one\n\nline 1\n.hidden dot\nline 3\n';
const MESSAGE_2 = 'From: b@example.com\r\nSubject: two\r\n\r\nbody\r\n';

describe('POP3 session: every command against the memory backend', () => {
  let fixture: SessionFixture;

  beforeEach(async () => {
    fixture = await startFixture({ memory: { chunkSize: 5 } });
    fixture.backend.addMessage('alice', MESSAGE_1);
    fixture.backend.addMessage('alice', MESSAGE_2);
  });
  afterEach(() => fixture.close());

  it('greets, lists capabilities and logs in with USER/PASS (password with spaces)', async () => {
    const client = await fixture.connect();
    expect(await client.line()).toMatch(/^\+OK .*POP3 server ready$/);
    expect(await client.command('CAPA')).toMatch(/^\+OK/);
    const capa = (await client.multiline()).toString().split('\r\n').filter(Boolean);
    expect(capa).toEqual(
      expect.arrayContaining([
        'TOP',
        'UIDL',
        'USER',
        'RESP-CODES',
        'AUTH-RESP-CODE',
        'PIPELINING',
        'EXPIRE NEVER',
        'LOGIN-DELAY 0',
        'IMPLEMENTATION Eider',
        'SASL PLAIN',
      ]),
    );
    expect(capa).not.toContain('STLS');
    expect(await client.command('user alice')).toBe('+OK send PASS');
    const sizes = [MESSAGE_1.length + 6, MESSAGE_2.length];
    expect(await client.command('PASS secret pass')).toBe(
      `+OK maildrop has 2 messages (${sizes[0]! + sizes[1]!} octets)`,
    );
    expect(fixture.backend.authAttempts[0]).toMatchObject({
      username: 'alice',
      mechanism: 'USER',
      secure: false,
    });
  });

  it('answers STAT, LIST and UIDL consistently, with and without an argument', async () => {
    const client = await fixture.login();
    const size1 = MESSAGE_1.length + 6;
    const size2 = MESSAGE_2.length;
    expect(await client.command('STAT')).toBe(`+OK 2 ${size1 + size2}`);
    expect(await client.command('LIST')).toBe(`+OK 2 messages (${size1 + size2} octets)`);
    expect((await client.multiline()).toString()).toBe(`1 ${size1}\r\n2 ${size2}\r\n`);
    expect(await client.command('LIST 2')).toBe(`+OK 2 ${size2}`);
    expect(await client.command('UIDL')).toMatch(/^\+OK/);
    expect((await client.multiline()).toString()).toBe('1 m1\r\n2 m2\r\n');
    expect(await client.command('UIDL 1')).toBe('+OK 1 m1');
  });

  it('RETR sends the message with bare LF as CRLF, byte-stuffed, with the announced size', async () => {
    const client = await fixture.login();
    const expected = MESSAGE_1.replace(/\n/g, '\r\n');
    expect(await client.command('RETR 1')).toBe(`+OK ${expected.length} octets`);
    const body = (await client.multiline()).toString();
    expect(body).toBe(expected.replace('\r\n.hidden', '\r\n..hidden'));
    expect(await client.command('RETR 2')).toMatch(/^\+OK/);
    expect((await client.multiline()).toString()).toBe(MESSAGE_2);
  });

  it('TOP sends the header, the blank line and exactly n body lines', async () => {
    const client = await fixture.login();
    expect(await client.command('TOP 1 0')).toBe('+OK top of message follows');
    expect((await client.multiline()).toString()).toBe('From: a@example.com\r\nSubject: one\r\n\r\n');
    expect(await client.command('TOP 1 2')).toMatch(/^\+OK/);
    expect((await client.multiline()).toString()).toBe(
      'From: a@example.com\r\nSubject: one\r\n\r\nline 1\r\n..hidden dot\r\n',
    );
    expect(await client.command('TOP 1 99')).toMatch(/^\+OK/);
    expect((await client.multiline()).toString()).toBe(
      MESSAGE_1.replace(/\n/g, '\r\n').replace('\r\n.hidden', '\r\n..hidden'),
    );
  });

  it('DELE hides a message from STAT/LIST/UIDL, RSET restores it, NOOP answers', async () => {
    const client = await fixture.login();
    expect(await client.command('DELE 1')).toBe('+OK message 1 deleted');
    expect(await client.command('STAT')).toBe(`+OK 1 ${MESSAGE_2.length}`);
    expect(await client.command('LIST')).toMatch(/^\+OK 1 messages/);
    expect((await client.multiline()).toString()).toBe(`2 ${MESSAGE_2.length}\r\n`);
    expect(await client.command('UIDL')).toMatch(/^\+OK/);
    expect((await client.multiline()).toString()).toBe('2 m2\r\n');
    expect(await client.command('LIST 1')).toBe('-ERR message 1 already deleted');
    expect(await client.command('RETR 1')).toBe('-ERR message 1 already deleted');
    expect(await client.command('DELE 1')).toBe('-ERR message 1 already deleted');
    expect(await client.command('NOOP')).toBe('+OK');
    expect(await client.command('RSET')).toMatch(/^\+OK maildrop has 2 messages/);
    expect(await client.command('LIST 1')).toMatch(/^\+OK 1 /);
  });

  it('QUIT in TRANSACTION applies deletions (to Trash, \\Seen) and \\Seen for RETR, not TOP', async () => {
    fixture.backend.addMessage('alice', 'Subject: three\r\n\r\nx\r\n');
    const client = await fixture.login();
    await client.command('RETR 2');
    await client.multiline();
    await client.command('TOP 3 1');
    await client.multiline();
    await client.command('DELE 1');
    expect(await client.command('QUIT')).toBe('+OK bye (2 messages left)');
    await client.closedByServer();
    const account = fixture.backend.account('alice');
    expect(account.inbox.map((m) => m.uid)).toEqual([2, 3]);
    expect([...account.inbox[0]!.flags]).toEqual(['\\Seen']);
    expect([...account.inbox[1]!.flags]).toEqual([]);
    expect(account.trash.map((m) => [m.uid, [...m.flags]])).toEqual([[1, ['\\Seen']]]);
    expect(fixture.backend.locks.size).toBe(0);
  });

  it('QUIT in AUTHORIZATION just says goodbye', async () => {
    const client = await fixture.connect();
    await client.line();
    expect(await client.command('QUIT')).toBe('+OK bye');
    await client.closedByServer();
    expect(fixture.backend.commits).toBe(0);
  });

  it('AUTH PLAIN works with an initial response and with a continuation, and can be cancelled', async () => {
    const plain = Buffer.from('\0alice\0secret pass').toString('base64');
    const first = await fixture.connect();
    await first.line();
    expect(await first.command(`AUTH PLAIN ${plain}`)).toMatch(/^\+OK maildrop has 2/);
    expect(await first.command('QUIT')).toMatch(/^\+OK/);
    await first.closedByServer();

    const second = await fixture.connect();
    await second.line();
    expect(await second.command('AUTH PLAIN')).toBe('+ ');
    expect(await second.command('*')).toBe('-ERR [AUTH] authentication cancelled');
    expect(await second.command('AUTH PLAIN')).toBe('+ ');
    expect(await second.command(plain)).toMatch(/^\+OK/);
    expect(fixture.backend.authAttempts.at(-1)).toMatchObject({ mechanism: 'PLAIN', username: 'alice' });
  });

  it('AUTH without arguments lists mechanisms; other mechanisms and proxy authorization are refused', async () => {
    const client = await fixture.connect();
    await client.line();
    expect(await client.command('AUTH')).toMatch(/^\+OK/);
    expect((await client.multiline()).toString()).toBe('PLAIN\r\n');
    expect(await client.command('AUTH CRAM-MD5')).toBe('-ERR [AUTH] unsupported SASL mechanism');
    const proxy = Buffer.from('bob\0alice\0secret pass').toString('base64');
    expect(await client.command(`AUTH PLAIN ${proxy}`)).toMatch(/^-ERR \[AUTH\]/);
    expect(await client.command('AUTH PLAIN !!!notbase64')).toBe('-ERR [AUTH] malformed SASL PLAIN response');
  });

  it('maps authentication failures to response codes and returns to USER', async () => {
    fixture.backend.rateLimited.add('limited');
    const client = await fixture.connect();
    await client.line();
    await client.command('USER alice');
    expect(await client.command('PASS wrong')).toBe('-ERR [AUTH] authentication failed');
    expect(await client.command('PASS secret pass')).toBe('-ERR send USER first');
    await client.command('USER limited');
    expect(await client.command('PASS x')).toBe('-ERR [SYS/TEMP] too many failed logins, try again later');
    await client.command('USER alice');
    expect(await client.command('PASS wrong again')).toMatch(/^-ERR \[AUTH\]/);
    // The third failure on one connection closes it.
    expect(await client.line()).toBe('-ERR too many failed logins');
    await client.closedByServer();
  });

  it('a disabled account fails like a wrong password', async () => {
    fixture.backend.account('alice').disabled = true;
    const client = await fixture.connect();
    await client.line();
    await client.command('USER alice');
    expect(await client.command('PASS secret pass')).toBe('-ERR [AUTH] authentication failed');
  });

  it('honours pipelining: a burst of commands is answered in order', async () => {
    const client = await fixture.connect();
    await client.line();
    client.send(
      'USER alice\r\nPASS secret pass\r\nSTAT\r\nLIST\r\nUIDL 2\r\nDELE 2\r\nSTAT\r\nRETR 1\r\nNOOP\r\n',
    );
    expect(await client.line()).toMatch(/^\+OK send PASS/);
    expect(await client.line()).toMatch(/^\+OK maildrop has 2/);
    expect(await client.line()).toMatch(/^\+OK 2 /);
    expect(await client.line()).toMatch(/^\+OK 2 messages/);
    await client.multiline();
    expect(await client.line()).toBe('+OK 2 m2');
    expect(await client.line()).toBe('+OK message 2 deleted');
    expect(await client.line()).toMatch(/^\+OK 1 /);
    expect(await client.line()).toMatch(/^\+OK \d+ octets/);
    await client.multiline();
    expect(await client.line()).toBe('+OK');
  });

  it('logs each command with the session id, user and duration but never the password', async () => {
    const client = await fixture.login();
    await client.command('STAT');
    const stat = fixture.logs.find((event) => event.command === 'STAT');
    expect(stat).toMatchObject({ user: 'alice', result: 'ok' });
    expect(stat?.sessionId).toMatch(/^[0-9a-f]{12}$/);
    expect(typeof stat?.durationMs).toBe('number');
    expect(JSON.stringify(fixture.logs)).not.toContain('secret pass');
  });

  it('lists a 100k-message maildrop: STAT, LIST and UIDL agree line for line', async () => {
    const account = fixture.backend.account('alice');
    for (let i = 0; i < 100_000; i++) {
      account.inbox.push({ uid: account.uidNext++, content: Buffer.from('S: x\n\nb\n'), flags: new Set() });
    }
    const client = await fixture.login();
    const total = MESSAGE_1.length + 6 + MESSAGE_2.length + 100_000 * 11;
    expect(await client.command('STAT')).toBe(`+OK 100002 ${total}`);
    expect(await client.command('LIST')).toMatch(/^\+OK 100002 messages/);
    const list = (await client.multiline(20_000)).toString().split('\r\n');
    expect(await client.command('UIDL')).toMatch(/^\+OK/);
    const uidl = (await client.multiline(20_000)).toString().split('\r\n');
    expect(list).toHaveLength(100_003);
    expect(uidl).toHaveLength(100_003);
    expect(list[100_001]).toBe('100002 11');
    expect(uidl[100_001]).toBe('100002 m100002');
  });
});
