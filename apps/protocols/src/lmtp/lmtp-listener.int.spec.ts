import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { MongoClient } from 'mongodb';
import type Redis from 'ioredis';
import { createTransport } from 'nodemailer';
import type { SMTPServer } from 'smtp-server';
import { Accounts } from '@eider/accounts';
import { Delivery } from '@eider/delivery';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { MailStore } from '@eider/mailstore';
import { createRedisClient } from '@eider/redis';
import { connectTestDatabase, testConfig } from '@eider/testing';
import { LmtpHandlers } from './lmtp-handlers';
import { createLmtpServer } from './lmtp-server.factory';

/** Talks LMTP over a raw socket: every reply line as it arrives. */
const rawSession = async (port: number) => {
  const socket = connect({ port, host: '127.0.0.1' });
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (buffer += chunk));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const lines = async (count: number): Promise<string[]> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const complete = buffer
        .split('\r\n')
        .slice(0, -1)
        .filter((line) => /^\d{3} /.test(line));
      if (complete.length >= count) {
        const all = buffer.split('\r\n');
        let seen = 0;
        let cut = 0;
        for (const [index, line] of all.entries()) {
          if (/^\d{3} /.test(line)) seen++;
          if (seen === count) {
            cut = index + 1;
            break;
          }
        }
        buffer = all.slice(cut).join('\r\n');
        return complete.slice(0, count);
      }
      if (Date.now() > deadline) throw new Error(`timed out; have ${JSON.stringify(buffer)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const send = async (line: string, replies = 1) => {
    socket.write(`${line}\r\n`);
    return lines(replies);
  };
  await lines(1);
  await send('LHLO test.example');
  return { socket, send, lines };
};

describe('LMTP listener over a real store', () => {
  const config = testConfig();
  const run = `${process.pid}${Date.now() % 100000}`;
  const domain = `l${run}.example`;
  let client: MongoClient;
  let redis: Redis;
  let store: MailStore;
  let accounts: Accounts;
  let delivery: Delivery;
  let handlers: LmtpHandlers;
  let server: SMTPServer;
  let port: number;
  const logs: { message: string; fields: Record<string, unknown> }[] = [];
  const log = {
    info: (fields: Record<string, unknown>, message: string) => logs.push({ fields, message }),
    warn: (fields: Record<string, unknown>, message: string) => logs.push({ fields, message }),
  };

  const inbox = async (username: string) => {
    const user = await store.users.getByUsername(username);
    const mailbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    return store.messages.listUids(mailbox._id);
  };

  beforeAll(async () => {
    const connection = await connectTestDatabase();
    client = connection.client;
    await ensureIndexes(connection.db);
    store = new MailStore(connection.db, await detectStoreCapabilities(connection.db), {
      maxMessageSize: 64 * 1024,
      journalRetentionSeconds: 3600,
    });
    redis = createRedisClient({ url: config.redis.url, connectionName: 'lmtp-listener-test' });
    const keyPrefix = `${config.redis.keyPrefix}lmtp-test:${run}:`;
    accounts = new Accounts(store, redis, {
      keyPrefix,
      authFailuresPerWindow: 10,
      authFailureWindowSeconds: 60,
    });
    delivery = new Delivery(store, redis, accounts.addresses, {
      hostname: 'lmtp.test',
      maxMessageSize: 64 * 1024,
      spam: { header: 'X-Spam-Status', format: 'spamassassin', threshold: 5 },
      forwardsPerUserPerHour: 10,
      autoreplyIntervalSeconds: 60,
      keyPrefix,
      relayUrl: '',
    });
    handlers = new LmtpHandlers(
      delivery.service,
      { maxMessageSize: 64 * 1024, overQuotaPermanent: false },
      log,
    );
    server = createLmtpServer(handlers, { name: 'lmtp.test', maxMessageSize: 64 * 1024 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
    for (const name of ['ann', 'ben', 'cid']) {
      await accounts.createAccount({ username: `${name}${run}`, address: `${name}@${domain}` });
    }
    const cid = await store.users.getByUsername(`cid${run}`);
    await store.users.setDisabled(cid._id, true);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    delivery.close();
    await redis.quit();
    await client.close();
  });

  it('answers RCPT with enhanced codes and DATA with one reply per accepted recipient', async () => {
    const session = await rawSession(port);
    expect(await session.send('MAIL FROM:<x@remote.example>')).toEqual(['250 Accepted']);
    expect(await session.send(`RCPT TO:<ann@${domain}>`)).toEqual(['250 Accepted']);
    expect(await session.send(`RCPT TO:<nobody@${domain}>`)).toEqual([
      `550 5.1.1 <nobody@${domain}> no such user here`,
    ]);
    expect(await session.send(`RCPT TO:<cid@${domain}>`)).toEqual([
      `550 5.2.1 <cid@${domain}> mailbox disabled`,
    ]);
    expect(await session.send(`RCPT TO:<BEN@${domain.toUpperCase()}>`)).toEqual(['250 Accepted']);
    expect(await session.send('DATA')).toEqual(['354 End data with <CR><LF>.<CR><LF>']);
    const replies = await session.send('Subject: hi\r\n\r\nbody\r\n.', 2);
    expect(replies[0]).toMatch(new RegExp(`^250 2\\.0\\.0 <ann@${domain}> \\S+ saved as 1$`));
    expect(replies[1]).toMatch(new RegExp(`^250 2\\.0\\.0 <BEN@${domain.toUpperCase()}> \\S+ saved as 1$`));
    expect(await inbox(`ann${run}`)).toEqual([1]);
    expect(await inbox(`ben${run}`)).toEqual([1]);
    const entry = logs.find((item) => item.message === 'lmtp delivery');
    expect(entry?.fields).toMatchObject({ sender: 'x@remote.example' });
    expect((entry?.fields['recipients'] as unknown[]).length).toBe(2);
    session.socket.destroy();
  });

  it('advertises SIZE and answers an oversized message with 552 5.3.4 for every recipient', async () => {
    const session = await rawSession(port);
    session.socket.write('LHLO again\r\n');
    const capabilities = await session.lines(1);
    expect(capabilities[0]).toMatch(/^250 /);
    await session.send('MAIL FROM:<x@remote.example>');
    await session.send(`RCPT TO:<ann@${domain}>`);
    await session.send(`RCPT TO:<ben@${domain}>`);
    await session.send('DATA');
    session.socket.write(`Subject: big\r\n\r\n${'y'.repeat(1000)}\r\n`.repeat(70));
    const replies = await session.send('.', 2);
    expect(replies).toEqual([
      '552 5.3.4 message exceeds the size limit',
      '552 5.3.4 message exceeds the size limit',
    ]);
    expect(await inbox(`ann${run}`)).toEqual([1]);
    expect(await session.send('NOOP')).toEqual(['250 OK']);
    session.socket.destroy();
  });

  it('delivers nothing when the client disconnects mid-DATA, and keeps serving', async () => {
    const session = await rawSession(port);
    await session.send('MAIL FROM:<x@remote.example>');
    await session.send(`RCPT TO:<ann@${domain}>`);
    await session.send('DATA');
    session.socket.write('Subject: cut\r\n\r\nhalf a mess');
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await inbox(`ann${run}`)).toEqual([1]);
    expect(handlers.pending).toBe(0);

    const transport = createTransport({ host: '127.0.0.1', port, lmtp: true, ignoreTLS: true });
    const info = await transport.sendMail({
      envelope: { from: 'x@remote.example', to: [`ann@${domain}`, `ghost@${domain}`] },
      raw: 'Subject: after\r\n\r\nstill here\r\n',
    });
    transport.close();
    expect(info.accepted).toEqual([`ann@${domain}`]);
    expect(info.rejected).toEqual([`ghost@${domain}`]);
    expect(await inbox(`ann${run}`)).toEqual([1, 2]);
  });

  it('lets a delivery in progress finish before shutdown completes', async () => {
    const session = await rawSession(port);
    await session.send('MAIL FROM:<x@remote.example>');
    await session.send(`RCPT TO:<ben@${domain}>`);
    await session.send('DATA');
    session.socket.write('Subject: last\r\n\r\nlast one\r\n.\r\n');
    // Wait until the handler has the message, then drain as shutdown does.
    const deadline = Date.now() + 5000;
    while (handlers.pending === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 1));
    server.server.close();
    expect(await handlers.drain(10_000)).toBe(true);
    expect((await session.lines(1))[0]).toMatch(/^250 2\.0\.0 /);
    expect(await inbox(`ben${run}`)).toEqual([1, 2]);
    session.socket.destroy();
  });
});
