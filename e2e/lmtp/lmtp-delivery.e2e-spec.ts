import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId, type Db, type MongoClient } from 'mongodb';
import { createTransport } from 'nodemailer';
import { runCli } from '../support/launcher';
import {
  createTestAccount,
  startProtocols,
  type RunningProtocols,
  type TestAccount,
} from '../support/protocols-process';
import {
  copiesOf,
  messageId,
  openTestDb,
  pythonLmtp,
  sampleMessage,
  startSink,
  userIdOf,
  waitUntil,
  type SinkMessage,
} from './lmtp-e2e.helpers';
import { LmtpWireClient } from './lmtp-wire.client';

const MAX_SIZE = 256 * 1024;

describe('LMTP delivery (built protocols process, Python smtplib, nodemailer)', () => {
  let protocols: RunningProtocols;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let client: MongoClient;
  let db: Db;
  let suffix: string;

  const account = async (label: string, options: { quota?: number; address?: string } = {}) => {
    const created: TestAccount = createTestAccount({ username: `${label}${suffix}`, ...options });
    return { ...created, id: await userIdOf(db, created.username) };
  };
  const sunkTo = (address: string): SinkMessage[] =>
    sink.messages.filter((message) => message.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  const addFilter = (user: ObjectId, query: object, action: object) =>
    db.collection('filters').insertOne({
      _id: new ObjectId(),
      user,
      name: JSON.stringify(query),
      query,
      action,
      disabled: false,
      created: new Date(),
    });

  beforeAll(async () => {
    suffix = randomBytes(3).toString('hex');
    ({ client, db } = await openTestDb());
    sink = await startSink();
    protocols = await startProtocols({
      EIDER_IMAP__ENABLED: 'false',
      EIDER_POP3__ENABLED: 'false',
      EIDER_LMTP__HOSTNAME: 'lmtp.e2e.example',
      EIDER_LMTP__RELAY__URL: `smtp://127.0.0.1:${sink.port}`,
      EIDER_LIMITS__MAX_MESSAGE_SIZE: String(MAX_SIZE),
    });
  });

  afterAll(async () => {
    // The process log (per-session and per-delivery lines) for whoever debugs a failure.
    if (protocols) writeFileSync(join(tmpdir(), 'eider-lmtp-e2e-protocols.log'), protocols.output());
    await protocols?.stop();
    await sink?.stop();
    await client?.close();
  });

  it('Python smtplib.LMTP: one reply per recipient, mixed outcomes, IDN, trace headers', async () => {
    const ok = await account('ok');
    const disabled = await account('off');
    await db.collection('users').updateOne({ _id: disabled.id }, { $set: { disabled: true } });
    const full = await account('full', { quota: 100 });
    await db.collection('users').updateOne({ _id: full.id }, { $set: { storageUsed: 100 } });
    const idn = await account('idn', { address: `андрис${suffix}@уайлддак.орг` });
    const id = messageId('python');
    const result = await pythonLmtp({
      port: protocols.lmtpPort,
      sender: 'sender@remote.example',
      recipients: [
        ok.address,
        `nobody${suffix}@e2e.example`,
        disabled.address,
        full.address,
        // The A-label form of уайлддак.орг resolves to the same account.
        `андрис${suffix}@xn--80aalaxjd5d.xn--c1avg`,
      ],
      message: sampleMessage(id),
      smtputf8: true,
    });
    expect(result.error).toBeUndefined();
    expect(result.rcpt.map(([code, text]) => `${code} ${text.split(' ')[0]}`)).toEqual([
      '250 Accepted',
      '550 5.1.1',
      '550 5.2.1',
      '452 4.2.2',
      '250 Accepted',
    ]);
    expect(result.data).toHaveLength(2);
    expect(result.data.map(([code, text]) => `${code} ${text.split(' ')[0]}`)).toEqual([
      '250 2.0.0',
      '250 2.0.0',
    ]);
    const copies = await copiesOf(db, id);
    expect(copies.map((copy) => `${copy.username}:${copy.mailboxPath}`).sort()).toEqual(
      [`${ok.username}:INBOX`, `${idn.username}:INBOX`].sort(),
    );
    const okCopy = copies.find((copy) => copy.username === ok.username)!;
    const headerKeys = (okCopy['tree'] as { headers: { key: string; value: string }[] }).headers;
    expect(headerKeys.slice(0, 3).map((header) => header.key)).toEqual([
      'return-path',
      'delivered-to',
      'received',
    ]);
    expect(headerKeys[1]!.value).toBe(ok.address.toLowerCase());
    expect(headerKeys[2]!.value).toContain('by lmtp.e2e.example');
  });

  it('eider deliver sends the sample message and prints each recipient reply', async () => {
    const user = await account('cli');
    const result = runCli(
      [
        'deliver',
        '--to',
        user.address,
        '--to',
        `nobody${suffix}@e2e.example`,
        '--port',
        String(protocols.lmtpPort),
      ],
      process.env,
    );
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${user.address}: 250 2\\.0\\.0 `));
    expect(lines[1]).toBe(
      `nobody${suffix}@e2e.example: 550 5.1.1 <nobody${suffix}@e2e.example> no such user here`,
    );
    const inbox = await db.collection('mailboxes').findOne({ user: user.id, path: 'INBOX' });
    expect(await db.collection('messages').countDocuments({ mailbox: inbox?.['_id'] })).toBe(1);
  });

  it('upgrades with STARTTLS and records it in Received', async () => {
    const user = await account('tls');
    const id = messageId('tls');
    const result = await pythonLmtp({
      port: protocols.lmtpPort,
      sender: 'sender@remote.example',
      recipients: [user.address],
      message: sampleMessage(id),
      starttls: true,
    });
    expect(result.starttls).toBe(220);
    expect(result.data.map(([code]) => code)).toEqual([250]);
    const [copy] = await copiesOf(db, id);
    const received = (copy!['tree'] as { headers: { key: string; value: string }[] }).headers.find(
      (header) => header.key === 'received',
    );
    expect(received?.value).toContain('with LMTPS');
  });

  it('refuses a malformed address, and answers an oversized message with 552 per recipient', async () => {
    const first = await account('big1');
    const second = await account('big2');
    const malformed = await pythonLmtp({
      port: protocols.lmtpPort,
      sender: 'sender@remote.example',
      recipients: ['not-an-address', first.address],
      message: sampleMessage(messageId('malformed')),
    });
    expect(malformed.rcpt[0]![0]).toBeGreaterThanOrEqual(500);
    expect(malformed.rcpt[1]![0]).toBe(250);

    const id = messageId('oversized');
    const big = await pythonLmtp({
      port: protocols.lmtpPort,
      sender: 'sender@remote.example',
      recipients: [first.address, second.address],
      message: sampleMessage(id, {}, `${'x'.repeat(998)}\r\n`.repeat(300)),
    });
    expect(big.data.map(([code, text]) => `${code} ${text.split(' ')[0]}`)).toEqual([
      '552 5.3.4',
      '552 5.3.4',
    ]);
    expect(await copiesOf(db, id)).toHaveLength(0);
  });

  it('nodemailer (lmtp: true): accepted and rejected recipients in one transaction, and an IDN address', async () => {
    const one = await account('nm1');
    const idn = await account('nmidn', { address: `почта${suffix}@пример.испытание` });
    const transport = createTransport({
      host: '127.0.0.1',
      port: protocols.lmtpPort,
      lmtp: true,
      ignoreTLS: true,
    });
    const id = messageId('nodemailer');
    const info = await transport.sendMail({
      envelope: {
        from: 'sender@remote.example',
        to: [one.address, `ghost${suffix}@e2e.example`, idn.address],
      },
      raw: sampleMessage(id),
    });
    transport.close();
    expect(info.accepted.map(String).sort()).toEqual([one.address, idn.address].sort());
    expect(info.rejected.map(String)).toEqual([`ghost${suffix}@e2e.example`]);
    expect((await copiesOf(db, id)).map((copy) => copy.username).sort()).toEqual(
      [one.username, idn.username].sort(),
    );
  });

  it('applies every filter action', async () => {
    const user = await account('filters');
    const forwardTarget = `filterfwd${suffix}@elsewhere.example`;
    await addFilter(user.id, { subject: 'flagme' }, { flag: true });
    await addFilter(user.id, { subject: 'seenme' }, { seen: true });
    await addFilter(user.id, { subject: 'moveme' }, { mailbox: 'Archive' });
    await addFilter(user.id, { subject: 'dropme' }, { delete: true });
    await addFilter(user.id, { subject: 'spamme' }, { spam: true });
    await addFilter(user.id, { subject: 'fwdme' }, { targets: [forwardTarget] });
    const ids: Record<string, string> = {};
    const wire = await LmtpWireClient.open(protocols.lmtpPort);
    for (const subject of ['flagme', 'seenme', 'moveme', 'dropme', 'spamme', 'fwdme']) {
      ids[subject] = messageId(subject);
      const { data } = await wire.send(
        'sender@remote.example',
        [user.address],
        Buffer.from(sampleMessage(ids[subject], { Subject: subject })),
      );
      expect(data.map((reply) => reply.code)).toEqual([250]);
    }
    await wire.quit();
    const one = async (subject: string) => (await copiesOf(db, ids[subject]!))[0];
    expect((await one('flagme'))?.['flags']).toEqual(['\\Flagged']);
    expect((await one('seenme'))?.['flags']).toEqual(['\\Seen']);
    expect((await one('moveme'))?.mailboxPath).toBe('Archive');
    expect(await copiesOf(db, ids['dropme']!)).toHaveLength(0);
    expect((await one('spamme'))?.mailboxPath).toBe('Junk');
    expect((await one('fwdme'))?.mailboxPath).toBe('INBOX');
    await waitUntil(() => sunkTo(forwardTarget).length === 1);
    expect(sunkTo(forwardTarget)[0]!.raw).toMatch(/^X-Eider-Loop: [0-9a-f]{32}\r\n/);
  });

  it('forwards through the relay and sends one autoreply per sender, never to automatic mail', async () => {
    const forwarder = await account('fwd');
    const target = `fwdall${suffix}@elsewhere.example`;
    await db.collection('delivery_settings').insertOne({
      _id: forwarder.id,
      spamLevel: 50,
      forwardTargets: [target],
      keepCopy: false,
      updated: new Date(),
    });
    const fwdId = messageId('forward');
    const forwarded = await pythonLmtp({
      port: protocols.lmtpPort,
      sender: 'sender@remote.example',
      recipients: [forwarder.address],
      message: sampleMessage(fwdId),
    });
    expect(forwarded.data[0]![0]).toBe(250);
    await waitUntil(() => sunkTo(target).length === 1);
    expect(sunkTo(target)[0]!.raw).toContain(`Message-ID: ${fwdId}`);
    expect(await copiesOf(db, fwdId)).toHaveLength(0);

    const away = await account('away');
    await db.collection('autoreplies').insertOne({
      _id: away.id,
      enabled: true,
      subject: 'Out of office',
      text: 'I am away until Monday.',
      html: '',
      start: null,
      end: null,
      updated: new Date(),
    });
    const asker = `asker${suffix}@remote.example`;
    for (const headers of [{}, {}, { Precedence: 'bulk' }] as Record<string, string>[]) {
      const reply = await pythonLmtp({
        port: protocols.lmtpPort,
        sender: asker,
        recipients: [away.address],
        message: sampleMessage(messageId('vacation'), headers),
      });
      expect(reply.data[0]![0]).toBe(250);
    }
    await waitUntil(() => sunkTo(asker).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const replies = sunkTo(asker);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.from).toBe('');
    expect(replies[0]!.raw).toContain('Subject: Out of office');
    expect(replies[0]!.raw).toContain('Auto-Submitted: auto-replied');
  });

  it('refuses NUL bytes, stores other binary junk as received, drops a message cut off mid-DATA, keeps serving', async () => {
    const user = await account('junk');
    const junkMessage = (id: string, junk: Buffer) =>
      Buffer.concat([Buffer.from(`Message-ID: ${id}\r\nSubject: junk\r\n\r\n`), junk, Buffer.from('\r\n')]);
    // Random bytes without line breaks cannot end DATA early.
    const random = () =>
      Buffer.from(randomBytes(4096).map((byte) => (byte === 0x0a || byte === 0x0d ? 0x20 : byte)));
    const wire = await LmtpWireClient.open(protocols.lmtpPort);
    const nulId = messageId('nul');
    const withNul = random();
    withNul[100] = 0;
    const nul = await wire.send('sender@remote.example', [user.address], junkMessage(nulId, withNul));
    expect(nul.data.map((reply) => `${reply.code} ${reply.text.split(' ')[0]}`)).toEqual(['554 5.6.0']);
    expect(await copiesOf(db, nulId)).toHaveLength(0);

    const id = messageId('binary');
    const raw = junkMessage(id, Buffer.from(random().map((byte) => byte || 0x20)));
    const junkResult = await wire.send('sender@remote.example', [user.address], raw);
    expect(junkResult.data.map((reply) => reply.code)).toEqual([250]);
    const [copy] = await copiesOf(db, id);
    // The junk plus our three trace headers, nothing lost or added in between.
    expect(copy?.['size']).toBeGreaterThan(raw.length);
    expect(copy?.['size']).toBeLessThan(raw.length + 400);
    await wire.quit();

    const cutId = messageId('cut');
    const cut = await LmtpWireClient.open(protocols.lmtpPort);
    expect((await cut.command('MAIL FROM:<sender@remote.example>')).code).toBe(250);
    expect((await cut.command(`RCPT TO:<${user.address}>`)).code).toBe(250);
    expect((await cut.command('DATA')).code).toBe(354);
    cut.writeRaw(`Message-ID: ${cutId}\r\nSubject: cut\r\n\r\nthe first half of a message`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    cut.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await copiesOf(db, cutId)).toHaveLength(0);

    const afterId = messageId('after');
    const after = await pythonLmtp({
      port: protocols.lmtpPort,
      sender: 'sender@remote.example',
      recipients: [user.address],
      message: sampleMessage(afterId),
    });
    expect(after.data[0]![0]).toBe(250);
    expect(await copiesOf(db, afterId)).toHaveLength(1);
  });
});
