import type { MongoClient } from 'mongodb';
import type Redis from 'ioredis';
import { Accounts } from '@eider/accounts';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { MailStore, type UserDocument } from '@eider/mailstore';
import { Pop3Server, Pop3TestClient } from '@eider/pop3-core';
import { RedisLeaseLock, createRedisClient } from '@eider/redis';
import { connectTestDatabase, testConfig } from '@eider/testing';
import { StorePop3Backend, type StorePop3BackendOptions } from './store-pop3.backend';

const PASSWORD = 'pop3 test password';

/** Bare LF, a line starting with a dot, and no final newline: everything RETR must handle exactly. */
const TRICKY = 'From: a@example.com\nSubject: tricky\n\nfirst\n.dot line\r\nlast line without newline';
const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

describe('POP3 over the real store, AuthService and Redis', () => {
  const config = testConfig();
  const run = `${process.pid}${Date.now() % 100000}`;
  let client: MongoClient;
  let redis: Redis;
  let store: MailStore;
  let accounts: Accounts;
  let locks: RedisLeaseLock;
  const servers: Pop3Server[] = [];
  const clients: Pop3TestClient[] = [];
  let counter = 0;

  beforeAll(async () => {
    const connection = await connectTestDatabase();
    client = connection.client;
    await ensureIndexes(connection.db);
    store = new MailStore(connection.db, await detectStoreCapabilities(connection.db), {
      maxMessageSize: 1 << 20,
      journalRetentionSeconds: 3600,
    });
    redis = createRedisClient({ url: config.redis.url, connectionName: 'pop3-test' });
    const keyPrefix = `${config.redis.keyPrefix}pop3-test:${run}:`;
    accounts = new Accounts(store, redis, {
      keyPrefix,
      authFailuresPerWindow: 3,
      authFailureWindowSeconds: 60,
    });
    locks = new RedisLeaseLock(redis, keyPrefix);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(async () => {
    await redis.quit();
    await client.close();
  });

  const startServer = async (options: Partial<StorePop3BackendOptions> = {}): Promise<number> => {
    const backend = new StorePop3Backend(store, accounts.auth, locks, {
      deleteMode: 'trash',
      maxMessages: 0,
      lockTtlMs: 5000,
      ...options,
    });
    const server = new Pop3Server({ backend, allowPlaintextAuth: true });
    servers.push(server);
    return (await server.listen({ port: 0 })).port;
  };

  const newUser = async (messages: string[]): Promise<UserDocument> => {
    const user = await accounts.createAccount({ username: `pop${run}x${counter++}`, password: PASSWORD });
    const inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    for (const message of messages) await store.ingest.add(inbox, Buffer.from(message));
    return user;
  };

  const login = async (port: number, user: UserDocument, password = PASSWORD): Promise<Pop3TestClient> => {
    const c = await Pop3TestClient.connect(port);
    clients.push(c);
    expect(await c.line()).toMatch(/^\+OK/);
    expect(await c.command(`USER ${user.username}`)).toMatch(/^\+OK/);
    const answer = await c.command(`PASS ${password}`);
    if (!answer.startsWith('+OK')) throw new Error(answer);
    return c;
  };

  const inboxState = async (user: UserDocument) => {
    const inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    const trash = await store.mailboxes.getByPath(user._id, 'Trash');
    const read = async (id: typeof inbox._id) => {
      const out: { subject: string; flags: string[] }[] = [];
      for await (const m of store.messages.findRange(id, 1, 0xffffffff))
        out.push({ subject: m.subject, flags: m.flags });
      return out;
    };
    return { inbox: await read(inbox._id), trash: await read(trash._id), inboxDoc: inbox };
  };

  it('STAT, LIST and UIDL agree; RETR is the stored message with only bare LF turned into CRLF', async () => {
    const user = await newUser([TRICKY, 'Subject: two\r\n\r\nbody\r\n']);
    const port = await startServer();
    const c = await login(port, user);
    const size1 = crlf(TRICKY).length;
    const size2 = 'Subject: two\r\n\r\nbody\r\n'.length;
    expect(await c.command('STAT')).toBe(`+OK 2 ${size1 + size2}`);
    expect(await c.command('LIST')).toMatch(/^\+OK 2 messages/);
    expect((await c.multiline()).toString()).toBe(`1 ${size1}\r\n2 ${size2}\r\n`);
    const { inboxDoc } = await inboxState(user);
    expect(await c.command('UIDL')).toMatch(/^\+OK/);
    expect((await c.multiline()).toString()).toBe(
      `1 ${inboxDoc.uidValidity}.1\r\n2 ${inboxDoc.uidValidity}.2\r\n`,
    );
    expect(await c.command('RETR 1')).toBe(`+OK ${size1} octets`);
    const body = (await c.multiline()).toString();
    // Un-stuff, and drop the CRLF the framing adds to a message without a final newline.
    expect(body.replace(/^\.\./gm, '.')).toBe(`${crlf(TRICKY)}\r\n`);
    expect(await c.command('TOP 1 1')).toMatch(/^\+OK/);
    expect((await c.multiline()).toString()).toBe('From: a@example.com\r\nSubject: tricky\r\n\r\nfirst\r\n');
  });

  it('DELE + QUIT moves to Trash with \\Seen; RETR marks \\Seen, TOP does not', async () => {
    const user = await newUser([
      'Subject: a\r\n\r\n1\r\n',
      'Subject: b\r\n\r\n2\r\n',
      'Subject: c\r\n\r\n3\r\n',
    ]);
    const port = await startServer();
    const c = await login(port, user);
    await c.command('RETR 2');
    await c.multiline();
    await c.command('TOP 3 0');
    await c.multiline();
    expect(await c.command('DELE 1')).toMatch(/^\+OK/);
    expect(await c.command('QUIT')).toBe('+OK bye (2 messages left)');
    await c.closedByServer();
    const state = await inboxState(user);
    expect(state.inbox).toEqual([
      { subject: 'b', flags: ['\\Seen'] },
      { subject: 'c', flags: [] },
    ]);
    expect(state.trash).toEqual([{ subject: 'a', flags: ['\\Seen'] }]);
  });

  it('DELE without QUIT (disconnect) leaves the mailbox untouched and the lock free', async () => {
    const user = await newUser(['Subject: a\r\n\r\n1\r\n']);
    const port = await startServer();
    const c = await login(port, user);
    await c.command('RETR 1');
    await c.multiline();
    await c.command('DELE 1');
    c.close();
    // The next login succeeds only once the first session released its lease.
    let again: Pop3TestClient | undefined;
    for (let attempt = 0; attempt < 50 && !again; attempt++) {
      again = await login(port, user).catch(() => undefined);
      if (!again) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(again).toBeDefined();
    expect(await again!.command('STAT')).toMatch(/^\+OK 1 /);
    const state = await inboxState(user);
    expect(state.inbox).toEqual([{ subject: 'a', flags: [] }]);
    expect(state.trash).toEqual([]);
  });

  it('a second session on the same maildrop, even via another server, gets [IN-USE]', async () => {
    const user = await newUser(['Subject: a\r\n\r\n1\r\n']);
    const first = await login(await startServer(), user);
    const otherPort = await startServer();
    const second = await Pop3TestClient.connect(otherPort);
    clients.push(second);
    await second.line();
    await second.command(`USER ${user.username}`);
    expect(await second.command(`PASS ${PASSWORD}`)).toBe(
      '-ERR [IN-USE] maildrop is locked by another session',
    );
    await first.command('QUIT');
    await first.closedByServer();
    await second.command(`USER ${user.username}`);
    expect(await second.command(`PASS ${PASSWORD}`)).toMatch(/^\+OK maildrop has 1/);
  });

  it('authentication failures are [AUTH]; once rate-limited, [SYS/TEMP] even with the right password', async () => {
    const user = await newUser([]);
    const port = await startServer();
    const c = await Pop3TestClient.connect(port);
    clients.push(c);
    await c.line();
    for (let i = 0; i < 2; i++) {
      await c.command(`USER ${user.username}`);
      expect(await c.command('PASS wrong')).toBe('-ERR [AUTH] authentication failed');
    }
    const d = await Pop3TestClient.connect(port);
    clients.push(d);
    await d.line();
    for (let i = 0; i < 2; i++) {
      await d.command(`USER ${user.username}`);
      expect(await d.command('PASS wrong')).toBe('-ERR [AUTH] authentication failed');
    }
    // Four failures are over the budget of three: now even the right password is refused.
    await d.command(`USER ${user.username}`);
    expect(await d.command(`PASS ${PASSWORD}`)).toBe(
      '-ERR [SYS/TEMP] too many failed logins, try again later',
    );
  });

  it('expunge mode (global or per user) deletes for good; maxMessages lists only the newest', async () => {
    const user = await newUser(['Subject: a\r\n\r\n', 'Subject: b\r\n\r\n', 'Subject: c\r\n\r\n']);
    const port = await startServer({ deleteMode: 'expunge', maxMessages: 2 });
    const c = await login(port, user);
    expect(await c.command('STAT')).toMatch(/^\+OK 2 /);
    expect(await c.command('TOP 1 0')).toMatch(/^\+OK/);
    expect((await c.multiline()).toString()).toBe('Subject: b\r\n\r\n');
    await c.command('DELE 1');
    await c.command('QUIT');
    await c.closedByServer();
    const state = await inboxState(user);
    expect(state.inbox.map((m) => m.subject)).toEqual(['a', 'c']);
    expect(state.trash).toEqual([]);

    const other = await newUser(['Subject: z\r\n\r\n']);
    await store.db.collection('users').updateOne({ _id: other._id }, { $set: { pop3DeleteMode: 'expunge' } });
    const trashPort = await startServer({ deleteMode: 'trash' });
    const o = await login(trashPort, other);
    await o.command('DELE 1');
    await o.command('QUIT');
    await o.closedByServer();
    const otherState = await inboxState(other);
    expect(otherState.inbox).toEqual([]);
    expect(otherState.trash).toEqual([]);
  });

  it('a session whose lease was taken over cannot commit', async () => {
    const user = await newUser(['Subject: a\r\n\r\n']);
    const port = await startServer();
    const c = await login(port, user);
    await c.command('DELE 1');
    // Simulate an expired lease now held by someone else.
    await redis.del(`${config.redis.keyPrefix}pop3-test:${run}:lock:pop3:${user._id.toHexString()}`);
    expect(await locks.acquire(`pop3:${user._id.toHexString()}`, 5000)).not.toBeNull();
    expect(await c.command('QUIT')).toBe('-ERR [SYS/TEMP] some deleted messages not removed');
    expect((await inboxState(user)).inbox).toHaveLength(1);
  });

  it('a message expunged elsewhere after login gets -ERR on RETR', async () => {
    const user = await newUser(['Subject: a\r\n\r\n', 'Subject: b\r\n\r\n']);
    const port = await startServer();
    const c = await login(port, user);
    const inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    await store.messages.deleteMessages(inbox, [1]);
    expect(await c.command('RETR 1')).toBe('-ERR message was removed by another client');
    expect(await c.command('RETR 2')).toMatch(/^\+OK/);
    await c.multiline();
  });

  it('serves a sequential download from batched reads, and revisits in any order', async () => {
    const bodies = Array.from(
      { length: 6 },
      (_v, i) => `Subject: m${i}\n\n${'x'.repeat(i * 1000)}\n.line ${i}\n`,
    );
    const user = await newUser(bodies);
    const port = await startServer();
    const c = await login(port, user);
    for (const order of [
      [1, 2, 3, 4, 5, 6],
      [4, 1, 6],
    ]) {
      for (const number of order) {
        expect(await c.command(`RETR ${number}`)).toMatch(/^\+OK/);
        const text = (await c.multiline()).toString().replace(/^\.\./gm, '.');
        expect(text).toBe(crlf(bodies[number - 1]!));
      }
    }
  });
});
