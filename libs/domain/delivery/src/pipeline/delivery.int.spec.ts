import type { MongoClient, ObjectId } from 'mongodb';
import type Redis from 'ioredis';
import { Accounts } from '@eider/accounts';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { MailStore, type MessageDocument } from '@eider/mailstore';
import { ChangeNotifier, createRedisClient } from '@eider/redis';
import { connectTestDatabase, testConfig } from '@eider/testing';
import { Delivery, type DeliveryWiringOptions } from '../delivery.factory';
import { LOOP_HEADER, loopTokenFor } from '../loop/loop-detector';
import { HttpSink, SmtpSink } from '../testing/mail-sink';
import type { AcceptedRecipient, DeliveryEnvelope, DeliveryOutcome } from './delivery.types';

describe('DeliveryService (real store, Redis and a local SMTP sink)', () => {
  const config = testConfig();
  const run = `${process.pid}${Date.now() % 100000}`;
  const domain = `d${run}.example`;
  let client: MongoClient;
  let redis: Redis;
  let subscriber: Redis;
  let notifier: ChangeNotifier;
  let store: MailStore;
  let accounts: Accounts;
  let delivery: Delivery;
  let sink: SmtpSink;
  let http: HttpSink;
  let counter = 0;

  const options = (overrides: Partial<DeliveryWiringOptions> = {}): DeliveryWiringOptions => ({
    hostname: 'lmtp.test.example',
    maxMessageSize: 1 << 20,
    spam: { header: 'X-Spam-Status', format: 'spamassassin', threshold: 5 },
    forwardsPerUserPerHour: 100,
    autoreplyIntervalSeconds: 3600,
    keyPrefix: `${config.redis.keyPrefix}delivery-test:${run}:`,
    relayUrl: sink.url,
    outboundTimeoutMs: 5000,
    ...overrides,
  });

  const envelope = (sender = `sender${run}@remote.example`): DeliveryEnvelope => ({
    sender,
    heloName: 'mx.remote.example',
    clientHostname: 'mx.remote.example',
    remoteAddress: '192.0.2.10',
    id: `t${++counter}`,
    transport: 'LMTP',
  });

  const message = (headers: Record<string, string> = {}, body = 'Hello there.\r\n'): Buffer => {
    const lines = Object.entries({
      From: `Sender <sender${run}@remote.example>`,
      To: `someone@${domain}`,
      Subject: 'Greetings',
      'Message-ID': `<m${++counter}.${run}@remote.example>`,
      ...headers,
    }).map(([key, value]) => `${key}: ${value}`);
    return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
  };

  const account = async (local: string, extra: { quota?: number } = {}) => {
    const user = await accounts.createAccount({
      username: `${local}${run}`,
      address: `${local}@${domain}`,
      ...extra,
    });
    return { user, address: `${local}@${domain}` };
  };

  const accept = async (rcpt: string, size?: number): Promise<AcceptedRecipient> => {
    const check = await delivery.service.checkRecipient(rcpt, size);
    if (!check.ok) throw new Error(`${rcpt} refused: ${check.code}`);
    return check.recipient;
  };

  const deliver = async (
    raw: Buffer,
    rcpts: string[],
    sender?: string,
    using = delivery,
  ): Promise<DeliveryOutcome[]> => {
    const recipients = await Promise.all(rcpts.map((rcpt) => accept(rcpt)));
    return using.service.deliver({ envelope: envelope(sender), raw, recipients });
  };

  const stored = async (user: ObjectId, path = 'INBOX'): Promise<(MessageDocument & { raw: Buffer })[]> => {
    const mailbox = await store.mailboxes.getByPath(user, path);
    const result: (MessageDocument & { raw: Buffer })[] = [];
    for (const uid of await store.messages.listUids(mailbox._id)) {
      const document = await store.messages.get(mailbox._id, uid);
      const chunks: Buffer[] = [];
      for await (const chunk of store.messages.rebuild(document.tree)) chunks.push(chunk as Buffer);
      result.push({ ...document, raw: Buffer.concat(chunks) });
    }
    return result;
  };

  beforeAll(async () => {
    const connection = await connectTestDatabase();
    client = connection.client;
    await ensureIndexes(connection.db);
    redis = createRedisClient({ url: config.redis.url, connectionName: 'delivery-test' });
    subscriber = createRedisClient({ url: config.redis.url, connectionName: 'delivery-test-sub' });
    notifier = new ChangeNotifier(redis, subscriber, `${config.redis.keyPrefix}delivery-test:${run}:`);
    store = new MailStore(connection.db, await detectStoreCapabilities(connection.db), {
      maxMessageSize: 1 << 20,
      journalRetentionSeconds: 3600,
      beacons: { publish: (user, beacon) => notifier.publish(user, beacon) },
    });
    accounts = new Accounts(store, redis, {
      keyPrefix: `${config.redis.keyPrefix}delivery-test:${run}:`,
      authFailuresPerWindow: 10,
      authFailureWindowSeconds: 60,
    });
    sink = await new SmtpSink().start();
    http = await new HttpSink().start();
    delivery = new Delivery(store, redis, accounts.addresses, options());
    await delivery.ensureIndexes();
  });

  afterAll(async () => {
    delivery.close();
    await sink.stop();
    await http.stop();
    await notifier.close();
    await redis.quit();
    await subscriber.quit();
    await client.close();
  });

  it('refuses unknown, malformed, disabled and full recipients at RCPT', async () => {
    const disabled = await account('disabled');
    await store.users.setDisabled(disabled.user._id, true);
    const full = await account('full', { quota: 10 });
    await store.quota.adjust(full.user._id, 10);
    const small = await account('small', { quota: 1000 });
    const check = (rcpt: string, size?: number) =>
      delivery.service.checkRecipient(rcpt, size).then((result) => (result.ok ? 'ok' : result.code));
    expect(await check(`nobody@${domain}`)).toBe('UNKNOWN_RECIPIENT');
    expect(await check('not an address')).toBe('INVALID_ADDRESS');
    expect(await check(disabled.address)).toBe('USER_DISABLED');
    expect(await check(full.address)).toBe('OVER_QUOTA');
    expect(await check(small.address, 5000)).toBe('OVER_QUOTA');
    expect(await check(small.address, 500)).toBe('ok');
  });

  it('stores one copy per recipient with trace headers and the original bytes, and reports mixed outcomes', async () => {
    const alice = await account('alice');
    const bob = await account('bob');
    const tight = await account('tight', { quota: 400 });
    // Bare LF, 8-bit text and a missing final newline must all survive untouched.
    const raw = Buffer.concat([
      message({ Subject: 'Mixed' }, 'line one\nline two \u00e9\r\n'),
      Buffer.from('no final newline'),
    ]);
    const outcomes = await deliver(raw, [alice.address, `Bob+News@${domain.toUpperCase()}`, tight.address]);
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.disposition : outcome.code))).toEqual([
      'stored',
      'stored',
      'OVER_QUOTA',
    ]);
    const [aliceCopy] = await stored(alice.user._id);
    const [bobCopy] = await stored(bob.user._id);
    expect(await stored(tight.user._id)).toHaveLength(0);
    for (const [copy, deliveredTo, rcpt] of [
      [aliceCopy, alice.address, alice.address],
      [bobCopy, `bob+news@${domain}`, `Bob+News@${domain.toUpperCase()}`],
    ] as const) {
      const text = copy!.raw.toString('utf8');
      expect(
        text.startsWith(
          `Return-Path: <sender${run}@remote.example>\r\nDelivered-To: ${deliveredTo}\r\nReceived: from mx.remote.example ([192.0.2.10])\r\n\tby lmtp.test.example (Eider) with LMTP id`,
        ),
      ).toBe(true);
      expect(text).toContain(`\tfor <${rcpt}>; `);
      // Everything after our three headers is byte-for-byte what was received.
      expect(copy!.raw.subarray(copy!.raw.length - raw.length).equals(raw)).toBe(true);
      expect(copy!.raw.length).toBe(copy!.size);
    }
  });

  it('delivers to IDN addresses in either form, domain aliases and catch-alls', async () => {
    const idn = await accounts.createAccount({ username: `idn${run}`, address: `андрис${run}@уайлддак.орг` });
    await accounts.addresses.addDomainAlias(`alias${run}.example`, domain);
    const carol = await account('carol');
    const catcher = await accounts.createAccount({ username: `catch${run}` });
    await accounts.addresses.addCatchAll(`catch${run}.example`, catcher._id);
    const outcomes = await deliver(message(), [
      // уайлддак.орг in A-labels (the brief's xn--80aalwqglfe is краснодар).
      `андрис${run}@xn--80aalaxjd5d.xn--c1avg`,
      `carol@alias${run}.example`,
      `whoever@catch${run}.example`,
    ]);
    expect(outcomes.every((outcome) => outcome.ok && outcome.disposition === 'stored')).toBe(true);
    expect(await stored(idn._id)).toHaveLength(1);
    expect(await stored(carol.user._id)).toHaveLength(1);
    const [caught] = await stored(catcher._id);
    expect(caught!.raw.toString()).toContain(`Delivered-To: whoever@catch${run}.example\r\n`);
  });

  it('re-checks each recipient at DATA: a user disabled after RCPT gets USER_DISABLED, the others their copy', async () => {
    const dave = await account('dave');
    const erin = await account('erin');
    const recipients = [await accept(dave.address), await accept(erin.address)];
    await store.users.setDisabled(dave.user._id, true);
    const outcomes = await delivery.service.deliver({ envelope: envelope(), raw: message(), recipients });
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.code))).toEqual(['USER_DISABLED', 'ok']);
    expect(await stored(dave.user._id)).toHaveLength(0);
    expect(await stored(erin.user._id)).toHaveLength(1);
  });

  it('announces each delivery on the journal and the change beacon', async () => {
    const frank = await account('frank');
    const beacons: unknown[] = [];
    const unsubscribe = await notifier.subscribe(frank.user._id.toHexString(), (beacon) => {
      beacons.push(beacon);
    });
    await deliver(message(), [frank.address]);
    const inbox = await store.mailboxes.getByPath(frank.user._id, 'INBOX');
    const entries = await store.journal.changesSince(inbox._id, 0);
    expect(entries.map((entry) => entry.kind)).toEqual(['exists']);
    await sink.waitFor(() => beacons.length > 0).catch(() => undefined);
    expect(beacons).toEqual([expect.objectContaining({ kind: 'exists', mailbox: inbox._id.toHexString() })]);
    await unsubscribe();
  });

  describe('filters', () => {
    const deliverWith = async (
      local: string,
      filters: Parameters<FilterCreate>[1][],
      raw: Buffer,
    ): Promise<{ user: ObjectId; address: string; outcome: DeliveryOutcome }> => {
      const { user, address } = await account(local);
      for (const filter of filters) await delivery.filters.create(user._id, filter);
      const [outcome] = await deliver(raw, [address]);
      return { user: user._id, address, outcome: outcome! };
    };
    type FilterCreate = Delivery['filters']['create'];

    it.each([
      ['from', { from: 'SENDER' }, {}, { From: 'other@remote.example' }],
      ['to (Cc)', { to: 'copy@CC.example' }, { Cc: 'copy@cc.example' }, {}],
      ['subject', { subject: 'invoice' }, { Subject: 'Your INVOICE' }, {}],
      ['listId', { listId: 'dev.lists' }, { 'List-Id': 'Dev <dev.lists.example>' }, {}],
      ['text', { text: 'magic word' }, {}, {}],
      ['ha', { ha: false }, {}, {}],
      ['size', { size: -100000 }, {}, {}],
    ] as const)('query %s matches and misses', async (label, query, hitHeaders, missHeaders) => {
      const body = label === 'text' ? 'Say the MAGIC word.\r\n' : 'Hello.\r\n';
      const hit = await deliverWith(
        `q${label.replace(/\W/g, '')}h`,
        [{ query, action: { seen: true } }],
        message(hitHeaders, body),
      );
      expect((await stored(hit.user))[0]!.flags).toEqual(['\\Seen']);
      if (label === 'ha' || label === 'size') return;
      const miss = await deliverWith(
        `q${label.replace(/\W/g, '')}m`,
        [{ query, action: { seen: true } }],
        message(missHeaders),
      );
      expect((await stored(miss.user))[0]!.flags).toEqual([]);
    });

    it('query ha: true matches a message with an attachment; size: n matches only larger ones', async () => {
      const withAttachment = message(
        { 'MIME-Version': '1.0', 'Content-Type': 'multipart/mixed; boundary="b"' },
        '--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n',
      );
      const hit = await deliverWith(
        'hahit',
        [{ query: { ha: true, size: 100 }, action: { flag: true } }],
        withAttachment,
      );
      expect((await stored(hit.user))[0]!.flags).toEqual(['\\Flagged']);
      const miss = await deliverWith('hamiss', [{ query: { ha: true }, action: { flag: true } }], message());
      expect((await stored(miss.user))[0]!.flags).toEqual([]);
      const big = await deliverWith(
        'sizemiss',
        [{ query: { size: 100000 }, action: { flag: true } }],
        message(),
      );
      expect((await stored(big.user))[0]!.flags).toEqual([]);
    });

    it('actions seen, flag and mailbox (by path and by id) apply; the first filter to set a field wins', async () => {
      const { user, address } = await account('actions');
      const reports = await store.mailboxes.create(user._id, 'Reports');
      await store.mailboxes.create(user._id, 'Other');
      await delivery.filters.create(user._id, {
        query: { subject: 'report' },
        action: { mailbox: 'Reports', seen: true },
      });
      await delivery.filters.create(user._id, {
        query: {},
        action: { mailbox: 'Other', seen: false, flag: true },
      });
      await deliver(message({ Subject: 'Monthly report' }), [address]);
      await deliver(message({ Subject: 'Chat' }), [address]);
      const [report] = await stored(user._id, 'Reports');
      expect(report!.flags.sort()).toEqual(['\\Flagged', '\\Seen']);
      expect((await stored(user._id, 'Other'))[0]!.flags).toEqual(['\\Flagged']);
      const byId = await account('byid');
      const target = await store.mailboxes.create(byId.user._id, 'Target');
      await delivery.filters.create(byId.user._id, {
        query: {},
        action: { mailbox: target._id.toHexString() },
      });
      await deliver(message(), [byId.address]);
      expect(await stored(byId.user._id, 'Target')).toHaveLength(1);
      expect(reports.path).toBe('Reports');
    });

    it('a missing target mailbox falls back to INBOX', async () => {
      const result = await deliverWith('gone', [{ query: {}, action: { mailbox: 'Vanished' } }], message());
      expect(result.outcome.ok && result.outcome.mailbox).toBe('INBOX');
    });

    it('action delete discards the message but still answers with success', async () => {
      const result = await deliverWith(
        'deleter',
        [{ query: { subject: 'junk' }, action: { delete: true } }],
        message({ Subject: 'Junk offer' }),
      );
      expect(result.outcome).toMatchObject({ ok: true, disposition: 'discarded' });
      expect(await stored(result.user)).toHaveLength(0);
    });

    it('action spam files into Junk and action spam: false overrides the scanner', async () => {
      const spam = await deliverWith(
        'fspam',
        [{ query: { from: 'sender' }, action: { spam: true } }],
        message(),
      );
      expect(await stored(spam.user, 'Junk')).toHaveLength(1);
      const ham = await deliverWith(
        'fham',
        [{ query: {}, action: { spam: false } }],
        message({ 'X-Spam-Status': 'Yes, score=20.0 required=5.0' }),
      );
      expect(await stored(ham.user, 'INBOX')).toHaveLength(1);
    });

    it('action targets forward to an address, POST to a URL and relay through an SMTP URL', async () => {
      const relay = await new SmtpSink().start();
      try {
        const result = await deliverWith(
          'targets',
          [
            { query: {}, action: { targets: [`fwd-a${run}@elsewhere.example`] } },
            { query: { subject: 'hook' }, action: { targets: [http.url(`/hook${run}`), relay.url] } },
          ],
          message({ Subject: 'hook me' }),
        );
        expect(result.outcome).toMatchObject({ ok: true, disposition: 'stored', forwards: 3 });
        const [forwarded] = sink.to(`fwd-a${run}@elsewhere.example`);
        expect(forwarded!.raw.toString()).toMatch(
          new RegExp(`^${LOOP_HEADER}: ${loopTokenFor(result.address)}\r\n`),
        );
        expect(forwarded!.from).toBe(`sender${run}@remote.example`);
        const post = http.posts.find((entry) => entry.path === `/hook${run}`);
        expect(post?.headers['content-type']).toBe('message/rfc822');
        expect(post?.body.toString()).toContain('Subject: hook me');
        expect(relay.to(result.address)).toHaveLength(1);
      } finally {
        await relay.stop();
      }
    });
  });

  describe('spam verdicts and the user spam level', () => {
    const scored = (score: number) => message({ 'X-Spam-Status': `Yes, score=${score} required=5.0` });

    it('files by the trusted header and the level, and never forwards or autoreplies spam', async () => {
      const { user, address } = await account('spamlevel');
      await delivery.settings.update(user._id, { forwardTargets: [`spamfwd${run}@elsewhere.example`] });
      await delivery.autoreplies.set(user._id, { enabled: true, text: 'away' });
      const [outcome] = await deliver(scored(6), [address], `spamsender${run}@remote.example`);
      expect(outcome).toMatchObject({
        ok: true,
        mailbox: 'Junk',
        spam: true,
        forwards: 0,
        autoreplied: false,
      });
      await delivery.settings.update(user._id, { spamLevel: 100 });
      await deliver(scored(60), [address]);
      await delivery.settings.update(user._id, { spamLevel: 0 });
      await deliver(message(), [address]);
      await delivery.settings.update(user._id, { spamLevel: 60 });
      await deliver(scored(6.5), [address]);
      expect(await stored(user._id, 'Junk')).toHaveLength(2);
      expect(await stored(user._id, 'INBOX')).toHaveLength(2);
      expect(sink.to(`spamfwd${run}@elsewhere.example`)).toHaveLength(2);
      expect(sink.to(`spamsender${run}@remote.example`)).toHaveLength(0);
    });
  });

  describe('forwarding and autoreply', () => {
    it('forwards all mail without a local copy when keepCopy is off, and refuses its own loops', async () => {
      const { user, address } = await account('forwarder');
      const target = `fwd-all${run}@elsewhere.example`;
      await delivery.settings.update(user._id, { forwardTargets: [target], keepCopy: false });
      const [outcome] = await deliver(message(), [address]);
      expect(outcome).toMatchObject({ ok: true, disposition: 'forwarded', forwards: 1 });
      expect(await stored(user._id)).toHaveLength(0);
      // The copy comes back (a forwarding loop): stored, not sent out again.
      const [copy] = sink.to(target);
      const [again] = await deliver(copy!.raw, [address]);
      expect(again).toMatchObject({ ok: true, disposition: 'stored', forwards: 0 });
      expect(sink.to(target)).toHaveLength(1);
    });

    it('serves forwarded-only addresses through the relay', async () => {
      const address = `list${run}@${domain}`;
      await accounts.addresses.addForwardedAddress(address, [
        `member1${run}@elsewhere.example`,
        `member2${run}@elsewhere.example`,
      ]);
      const [outcome] = await deliver(message(), [address]);
      expect(outcome).toMatchObject({ ok: true, disposition: 'forwarded', forwards: 2 });
      expect(sink.to(`member2${run}@elsewhere.example`)).toHaveLength(1);
    });

    it('uses lmtp.relay.from as the envelope sender of forwarded copies when set', async () => {
      const relayed = new Delivery(
        store,
        redis,
        accounts.addresses,
        options({ relayFrom: `bounces${run}@${domain}` }),
      );
      const { user, address } = await account('relayfrom');
      await relayed.settings.update(user._id, { forwardTargets: [`rf${run}@elsewhere.example`] });
      await deliver(message(), [address], undefined, relayed);
      expect(sink.to(`rf${run}@elsewhere.example`).map((mail) => mail.from)).toEqual([
        `bounces${run}@${domain}`,
      ]);
      relayed.close();
    });

    it('stops forwarding at the hourly limit', async () => {
      const limited = new Delivery(store, redis, accounts.addresses, options({ forwardsPerUserPerHour: 2 }));
      const { user, address } = await account('limited');
      await limited.settings.update(user._id, { forwardTargets: [`limit${run}@elsewhere.example`] });
      for (let i = 0; i < 3; i++) await deliver(message(), [address], undefined, limited);
      expect(sink.to(`limit${run}@elsewhere.example`)).toHaveLength(2);
      expect(await stored(user._id)).toHaveLength(3);
      limited.close();
    });

    it('answers once per sender within the interval, only inside the date window, and never automatic mail', async () => {
      const { user, address } = await account('vacation');
      await delivery.autoreplies.set(user._id, { enabled: true, subject: 'Away', text: 'Back on Monday.' });
      const sender = `asker${run}@remote.example`;
      await deliver(message(), [address], sender);
      await deliver(message(), [address], sender);
      await deliver(message({ Precedence: 'bulk' }), [address], `bulk${run}@remote.example`);
      await deliver(message({ 'Auto-Submitted': 'auto-replied' }), [address], `auto${run}@remote.example`);
      await deliver(message(), [address], '');
      const replies = sink.to(sender);
      expect(replies).toHaveLength(1);
      expect(replies[0]!.from).toBe('');
      const text = replies[0]!.raw.toString();
      expect(text).toContain('Subject: Away');
      expect(text).toContain('Auto-Submitted: auto-replied');
      expect(text).toContain(`${LOOP_HEADER}: ${loopTokenFor(address)}`);
      expect(text).toContain('Back on Monday.');
      expect(sink.to(`bulk${run}@remote.example`)).toHaveLength(0);
      expect(sink.to(`auto${run}@remote.example`)).toHaveLength(0);

      await delivery.autoreplies.set(user._id, { start: new Date(Date.now() + 3600_000), end: null });
      await deliver(message(), [address], `later${run}@remote.example`);
      expect(sink.to(`later${run}@remote.example`)).toHaveLength(0);
    });

    it('skips forwarding and autoreplies when no relay is configured, and still stores', async () => {
      const offline = new Delivery(store, redis, accounts.addresses, options({ relayUrl: '' }));
      const { user, address } = await account('offline');
      await offline.settings.update(user._id, {
        forwardTargets: [`off${run}@elsewhere.example`],
        keepCopy: false,
      });
      await offline.autoreplies.set(user._id, { enabled: true, text: 'away' });
      const [outcome] = await deliver(message(), [address], `offsender${run}@remote.example`, offline);
      expect(outcome).toMatchObject({ ok: true, disposition: 'stored', forwards: 0, autoreplied: false });
      expect(await stored(user._id)).toHaveLength(1);
      const list = `offlist${run}@${domain}`;
      await accounts.addresses.addForwardedAddress(list, [`x${run}@elsewhere.example`]);
      const check = await offline.service.checkRecipient(list);
      expect(check).toEqual({ ok: false, code: 'FORWARDING_UNAVAILABLE' });
      offline.close();
    });
  });
});
