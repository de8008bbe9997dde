import type { Client } from 'graphql-ws';
import { ObjectId } from 'mongodb';
import type { MailboxDocument } from '@eider/mailstore';
import { CHANGE_NOTIFIER, REDIS_CLIENT, type ChangeNotifier } from '@eider/redis';
import type Redis from 'ioredis';
import { startApiHarness, type ApiHarness, type TestUser } from '../../testing/api-test.harness';
import { ChangeSubscriptionFeeds } from './change-subscription-feeds.service';
import { graphqlWsClient, SubscriptionProbe, type SubscriptionResult } from './graphql-ws.test-client';

const rfc822 = (subject: string): Buffer =>
  Buffer.from(`From: a@example.test\r\nTo: b@example.test\r\nSubject: ${subject}\r\n\r\nHi.\r\n`);

const EVENT_FIELDS = 'type cursor resetReason id mailboxId uid flags modseq';
const ADDED = `subscription ($after: String, $mailboxId: ID, $userId: ID) {
  messageAdded(after: $after, mailboxId: $mailboxId, userId: $userId) { ${EVENT_FIELDS} message { id subject seen } }
}`;
const UPDATED = `subscription ($after: String) { messageUpdated(after: $after) { ${EVENT_FIELDS} message { id flagged } } }`;
const REMOVED = `subscription { messageRemoved { ${EVENT_FIELDS} message { id } } }`;
const MAILBOXES = `subscription ($mailboxId: ID) {
  mailboxChanged(mailboxId: $mailboxId) { type cursor mailboxId modseq uid mailbox { id path } }
}`;

describe('GraphQL subscriptions (graphql-ws on /graphql)', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  let inbox: MailboxDocument;
  let archive: MailboxDocument;
  const clients: Client[] = [];

  const connect = (token: string | null = alice.token, onClosed?: (code: number) => void): Client => {
    const client = graphqlWsClient(api.baseUrl, { token, ...(onClosed ? { onClosed } : {}) });
    clients.push(client);
    return client;
  };
  /** Subscribes and waits until the feed behind it is open, so later changes are certainly seen. */
  const subscribe = async (
    query: string,
    variables: Record<string, unknown> = {},
    client: Client = connect(),
  ): Promise<SubscriptionProbe> => {
    const feeds = api.app.get(ChangeSubscriptionFeeds);
    const before = feeds.openCount;
    const probe = new SubscriptionProbe(client, query, variables);
    await probe.waitFor(() => feeds.openCount > before || probe.completed, 5000);
    return probe;
  };
  const upload = async (subject: string, mailbox: MailboxDocument = inbox, user = alice): Promise<number> => {
    const response = await api.call(
      'POST',
      `/users/${user.id}/mailboxes/${mailbox._id.toHexString()}/messages`,
      {
        token: user.token,
        body: rfc822(subject),
        contentType: 'message/rfc822',
      },
    );
    expect(response.status).toBe(200);
    return (response.body['message'] as { id: number }).id;
  };
  const messagePath = (uid: number) =>
    `/users/${alice.id}/mailboxes/${inbox._id.toHexString()}/messages/${uid}`;

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('gqlsub');
    bob = await api.createUser('gqlsubother');
    inbox = await api.store.mailboxes.getByPath(alice.user._id, 'INBOX');
    archive = await api.store.mailboxes.create(alice.user._id, 'Followed');
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => Promise.resolve(client.dispose())));
    // Feeds close as their sockets do; `subscribe` counts open feeds, so start every test from none.
    const feeds = api.app.get(ChangeSubscriptionFeeds);
    const deadline = Date.now() + 3000;
    while (feeds.openCount > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  });
  afterAll(async () => api?.close());

  it('delivers a new message within a second, with the message resolved on demand', async () => {
    const probe = await subscribe(ADDED);
    const uid = await upload('live one');
    const latency = await probe.waitFor(() => probe.events('messageAdded').length > 0);
    expect(latency).toBeLessThan(1000);
    expect(probe.results[0]?.errors).toBeUndefined();
    const mailboxId = inbox._id.toHexString();
    expect(probe.events('messageAdded')[0]).toMatchObject({
      type: 'ADDED',
      cursor: expect.stringMatching(/^[0-9a-f]{24}$/),
      resetReason: null,
      id: `${mailboxId}:${uid}`,
      mailboxId,
      uid,
      modseq: expect.any(Number),
      message: { id: `${mailboxId}:${uid}`, subject: 'live one', seen: expect.any(Boolean) },
    });
  });

  it('reports flag changes, removals and mailbox changes', async () => {
    const client = connect();
    const updated = await subscribe(UPDATED, {}, client);
    const removed = await subscribe(REMOVED, {}, client);
    const mailboxes = await subscribe(MAILBOXES, {}, client);
    const uid = await upload('to flag and delete');
    expect(
      (await api.call('PUT', messagePath(uid), { token: alice.token, json: { flagged: true } })).status,
    ).toBe(200);
    await updated.waitFor(() => updated.events('messageUpdated').length > 0);
    expect(updated.events('messageUpdated')[0]).toMatchObject({
      type: 'UPDATED',
      uid,
      flags: expect.arrayContaining(['\\Flagged']),
      message: { flagged: true },
    });
    expect((await api.call('DELETE', messagePath(uid), { token: alice.token })).status).toBe(200);
    await removed.waitFor(() => removed.events('messageRemoved').length > 0);
    expect(removed.events('messageRemoved')[0]).toMatchObject({ type: 'REMOVED', uid, message: null });
    await mailboxes.waitFor(() => mailboxes.events('mailboxChanged').length >= 3);
    expect(mailboxes.events('mailboxChanged').map((event) => event['type'])).toEqual([
      'MESSAGES_ADDED',
      'FLAGS_CHANGED',
      'MESSAGES_REMOVED',
    ]);
    expect(mailboxes.events('mailboxChanged')[0]).toMatchObject({
      mailboxId: inbox._id.toHexString(),
      uid,
      mailbox: { id: inbox._id.toHexString(), path: 'INBOX' },
    });
  });

  it('follows one mailbox when asked to', async () => {
    const probe = await subscribe(ADDED, { mailboxId: archive._id.toHexString() });
    await upload('not in archive');
    const uid = await upload('archived', archive);
    await probe.waitFor(() => probe.events('messageAdded').length > 0);
    await upload('also not in archive');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(probe.events('messageAdded').map((event) => [event['mailboxId'], event['uid']])).toEqual([
      [archive._id.toHexString(), uid],
    ]);
  });

  it('resumes from a cursor with nothing missed after a disconnect', async () => {
    const first = await subscribe(ADDED);
    const seen = await upload('before disconnect');
    await first.waitFor(() => first.events('messageAdded').some((event) => event['uid'] === seen));
    const cursor = first.events('messageAdded').at(-1)?.['cursor'] as string;
    await Promise.all(clients.splice(0).map((client) => Promise.resolve(client.dispose())));
    const feeds = api.app.get(ChangeSubscriptionFeeds);
    while (feeds.openCount > 0) await new Promise((resolve) => setTimeout(resolve, 20));

    const missed = [await upload('while away 1'), await upload('while away 2')];
    const resumed = await subscribe(ADDED, { after: cursor });
    await resumed.waitFor(() => resumed.events('messageAdded').length >= 2);
    const later = await upload('after resuming');
    await resumed.waitFor(() => resumed.events('messageAdded').length >= 3);
    expect(resumed.events('messageAdded').map((event) => event['uid'])).toEqual([...missed, later]);
  });

  it('answers a cursor older than the journal keeps with a RESET event, then follows on', async () => {
    const stale = ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 400 * 24 * 3600).toHexString();
    const probe = await subscribe(ADDED, { after: stale });
    await probe.waitFor(() => probe.events('messageAdded').length > 0);
    expect(probe.events('messageAdded')[0]).toMatchObject({
      type: 'RESET',
      resetReason: 'EXPIRED',
      cursor: expect.stringMatching(/^[0-9a-f]{24}$/),
      id: null,
      message: null,
    });
    const uid = await upload('after the reset');
    await probe.waitFor(() => probe.events('messageAdded').some((event) => event['uid'] === uid));
  });

  it('refuses the connection (4403) without a valid token', async () => {
    for (const token of [null, 'bogus-token']) {
      let closedWith = 0;
      const client = connect(token, (code) => {
        closedWith = code;
      });
      const probe = new SubscriptionProbe(client, ADDED);
      await probe.waitFor(() => closedWith !== 0);
      expect(closedWith).toBe(4403);
      expect(probe.events('messageAdded')).toEqual([]);
    }
  });

  it("refuses another user's data and bad arguments with coded errors", async () => {
    const errorOf = async (
      query: string,
      variables: Record<string, unknown>,
      token = alice.token,
    ): Promise<unknown> => {
      const probe = new SubscriptionProbe(connect(token), query, variables);
      await probe.waitFor(() => probe.completed);
      const errors = probe.results[0]?.errors ?? (probe.error as SubscriptionResult['errors']);
      expect(JSON.stringify(errors)).not.toMatch(/stacktrace|\.ts:\d+/);
      return errors?.[0]?.extensions?.['code'];
    };
    expect(await errorOf(ADDED, { userId: bob.id })).toBe('FORBIDDEN');
    expect(await errorOf(ADDED, { userId: 'nope' })).toBe('BAD_USER_INPUT');
    expect(await errorOf(ADDED, { after: 'not-a-cursor' })).toBe('BAD_USER_INPUT');
    expect(await errorOf(ADDED, { mailboxId: 'zz' })).toBe('BAD_USER_INPUT');
    const bobInbox = await api.store.mailboxes.getByPath(bob.user._id, 'INBOX');
    expect(await errorOf(ADDED, { mailboxId: bobInbox._id.toHexString() })).toBe('NOT_FOUND');
    // The root token names the user; without one it is asked to.
    expect(await errorOf(ADDED, {}, api.rootToken)).toBe('BAD_USER_INPUT');
    expect(await errorOf(ADDED, { userId: new ObjectId().toHexString() }, api.rootToken)).toBe('NOT_FOUND');
    expect(api.app.get(ChangeSubscriptionFeeds).openCount).toBe(0);
  });

  it('applies the depth and complexity limits to subscriptions, before any feed opens', async () => {
    const strict = await startApiHarness((config) => {
      config.api.graphql.maxDepth = 2;
      config.api.graphql.maxComplexity = 3;
    });
    try {
      const codeOf = async (query: string): Promise<unknown> => {
        const probe = new SubscriptionProbe(graphqlWsClient(strict.baseUrl, { token: alice.token }), query);
        try {
          await probe.waitFor(() => probe.completed || probe.results.length > 0);
          const errors =
            probe.results[0]?.errors ?? (probe.error as NonNullable<SubscriptionResult['errors']>);
          return errors[0]?.extensions?.code;
        } finally {
          await probe.client.dispose();
        }
      };
      expect(await codeOf('subscription { messageAdded { message { id } } }')).toBe('QUERY_TOO_DEEP');
      expect(await codeOf('subscription { messageAdded { id uid modseq cursor } }')).toBe(
        'QUERY_TOO_COMPLEX',
      );
      expect(await codeOf('subscription { messageAdded { nope } }')).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(strict.app.get(ChangeSubscriptionFeeds).openCount).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it("never shows one user's changes to another; root follows the user it names", async () => {
    const own = await subscribe(ADDED);
    const asRoot = await subscribe(ADDED, { userId: bob.id }, connect(api.rootToken));
    const bobInbox = await api.store.mailboxes.getByPath(bob.user._id, 'INBOX');
    const bobUid = await upload('for bob', bobInbox, bob);
    const aliceUid = await upload('for alice');
    await own.waitFor(() => own.events('messageAdded').some((event) => event['uid'] === aliceUid));
    await asRoot.waitFor(() => asRoot.events('messageAdded').length > 0);
    expect(own.events('messageAdded').every((event) => event['mailboxId'] === inbox._id.toHexString())).toBe(
      true,
    );
    expect(asRoot.events('messageAdded').map((event) => [event['mailboxId'], event['uid']])).toEqual([
      [bobInbox._id.toHexString(), bobUid],
    ]);
  });

  it('closes the feed and its Redis subscription on unsubscribe and on disconnect', async () => {
    const user = await api.createUser('gqlsubgone');
    const feeds = api.app.get(ChangeSubscriptionFeeds);
    const channel = api.app.get<ChangeNotifier>(CHANGE_NOTIFIER).channelFor(user.id);
    const redis = api.app.get<Redis>(REDIS_CLIENT);
    const subscribers = async (): Promise<number> => {
      const reply = (await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
      return Number(reply[1]);
    };
    const gone = async (): Promise<void> => {
      const deadline = Date.now() + 2000;
      while ((feeds.openCount > 0 || (await subscribers()) > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(feeds.openCount).toBe(0);
      expect(await subscribers()).toBe(0);
    };

    const client = connect(user.token);
    const first = await subscribe(ADDED, {}, client);
    expect(await subscribers()).toBe(1);
    first.unsubscribe();
    await gone();

    await subscribe(ADDED, {}, client);
    await subscribe(UPDATED, {}, client);
    expect(feeds.openCount).toBe(2);
    await client.dispose();
    await gone();
  });
});
