import { randomBytes } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { apiCall, startApi, type RunningApi } from '../support/api-process';
import { startProtocols, type RunningProtocols } from '../support/protocols-process';
import { graphqlHttp } from './graphql-http.e2e-client';
import { Subscription, wsClient } from './graphql-ws.e2e-client';

const ADDED = `subscription ($after: String, $userId: ID, $mailboxId: ID) {
  messageAdded(after: $after, userId: $userId, mailboxId: $mailboxId) {
    type cursor id mailboxId uid message { subject }
  }
}`;
const UPDATED = `subscription ($after: String) {
  messageUpdated(after: $after) { type cursor id uid flags }
}`;
// Limits given to the api under test: small enough to trip with short queries.
const MAX_DEPTH = 3;
const MAX_COMPLEXITY = 300;
// Time for a new subscription's feed to open on the server; graphql-ws has no "subscribed" message.
const SETTLE_MS = 500;

const settle = (ms = SETTLE_MS) => new Promise((resolve) => setTimeout(resolve, ms));

interface TestUser {
  id: string;
  username: string;
  password: string;
  address: string;
  token: string;
}

describe('GraphQL on the real stack: subscriptions, isolation and limits', () => {
  let api: RunningApi;
  let protocols: RunningProtocols;
  const suffix = randomBytes(3).toString('hex');
  const clients: Client[] = [];

  beforeAll(async () => {
    [api, protocols] = await Promise.all([
      startApi({
        EIDER_API__GRAPHQL__MAX_DEPTH: String(MAX_DEPTH),
        EIDER_API__GRAPHQL__MAX_COMPLEXITY: String(MAX_COMPLEXITY),
      }),
      startProtocols({ EIDER_POP3__ENABLED: 'false' }),
    ]);
  }, 120_000);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => Promise.resolve(client.dispose())));
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), protocols?.stop()]);
  });

  const connect = (token: string): Client => {
    const client = wsClient(api.baseUrl, token);
    clients.push(client);
    return client;
  };
  const createUser = async (label: string): Promise<TestUser> => {
    const username = `${label}${suffix}`;
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const created = await apiCall(api, 'POST', '/users', { json: { username, password } });
    expect(created.status).toBe(200);
    const id = created.body['id'] as string;
    const address = `${username}@gql.example`;
    expect((await apiCall(api, 'POST', `/users/${id}/addresses`, { json: { address } })).status).toBe(200);
    const login = await apiCall(api, 'POST', '/authenticate', { token: null, json: { username, password } });
    expect(login.status).toBe(200);
    return { id, username, password, address, token: login.body['token'] as string };
  };
  const graphql = (token: string, query: string, variables: Record<string, unknown> = {}) =>
    graphqlHttp(api, token, query, variables);
  const inboxOf = async (user: TestUser): Promise<string> => {
    const reply = await graphql(user.token, '{ mailbox(path: "INBOX") { id } }');
    return (reply.data?.['mailbox'] as { id: string }).id;
  };
  const deliver = async (to: string, subject: string): Promise<void> => {
    const transport = createTransport({
      host: '127.0.0.1',
      port: protocols.lmtpPort,
      lmtp: true,
      ignoreTLS: true,
    });
    const info = await transport.sendMail({
      envelope: { from: 'sender@example.org', to: [to] },
      raw: `From: sender@example.org\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${randomBytes(6).toString('hex')}@example.org>\r\n\r\nHello.\r\n`,
    });
    expect(info.accepted).toEqual([to]);
  };
  const withImap = async <T>(user: TestUser, work: (imap: ImapFlow) => Promise<T>): Promise<T> => {
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port: protocols.imapPort,
      secure: false,
      tls: { rejectUnauthorized: false },
      auth: { user: user.username, pass: user.password },
      logger: false,
    });
    await imap.connect();
    try {
      await imap.mailboxOpen('INBOX');
      return await work(imap);
    } finally {
      await imap.logout().catch(() => undefined);
    }
  };

  it('a subscription receives an LMTP delivery and an IMAP flag change within a second each', async () => {
    const alice = await createUser('gqlsub');
    const client = connect(alice.token);
    const added = new Subscription(client, ADDED);
    const updated = new Subscription(client, UPDATED);
    await settle();

    await deliver(alice.address, 'Delivered over LMTP');
    const deliveryLatency = await added.until(() => added.events('messageAdded').length > 0);
    expect(deliveryLatency).toBeLessThan(1000);
    const [event] = added.events('messageAdded');
    expect(event).toMatchObject({
      type: 'ADDED',
      id: `${String(event?.['mailboxId'])}:${String(event?.['uid'])}`,
      message: { subject: 'Delivered over LMTP' },
    });

    await withImap(alice, async (imap) => {
      await imap.messageFlagsAdd({ uid: String(event?.['uid']) }, ['\\Flagged'], { uid: true });
      const flagLatency = await updated.until(() => updated.events('messageUpdated').length > 0);
      expect(flagLatency).toBeLessThan(1000);
    });
    expect(updated.events('messageUpdated')[0]).toMatchObject({
      type: 'UPDATED',
      uid: event?.['uid'],
      flags: expect.arrayContaining(['\\Flagged']),
    });
  });

  it('a subscription resumed with the last cursor after a disconnect misses nothing', async () => {
    const bob = await createUser('gqlresume');
    const first = new Subscription(connect(bob.token), ADDED);
    await settle();
    await deliver(bob.address, 'before the disconnect');
    await first.until(() => first.events('messageAdded').length === 1);
    const cursor = first.events('messageAdded')[0]?.['cursor'];
    await Promise.all(clients.splice(0).map((client) => Promise.resolve(client.dispose())));

    // Meanwhile: two deliveries and a flag change from IMAP.
    await deliver(bob.address, 'while away 1');
    await deliver(bob.address, 'while away 2');
    await withImap(bob, (imap) => imap.messageFlagsAdd({ uid: '1' }, ['\\Seen'], { uid: true }));

    const client = connect(bob.token);
    const added = new Subscription(client, ADDED, { after: cursor });
    const updated = new Subscription(client, UPDATED, { after: cursor });
    await added.until(() => added.events('messageAdded').length >= 2);
    await updated.until(() => updated.events('messageUpdated').length >= 1);
    expect(
      added.events('messageAdded').map((event) => (event['message'] as { subject: string }).subject),
    ).toEqual(['while away 1', 'while away 2']);
    expect(updated.events('messageUpdated')[0]).toMatchObject({
      uid: 1,
      flags: expect.arrayContaining(['\\Seen']),
    });

    // And it keeps following live changes after catching up.
    await deliver(bob.address, 'after resuming');
    await added.until(() => added.events('messageAdded').length === 3);
    await settle(200);
    expect(added.events('messageAdded')).toHaveLength(3);
  });

  it("isolates two users' subscriptions", async () => {
    const carol = await createUser('gqlcarol');
    const dave = await createUser('gqldave');
    const carolSub = new Subscription(connect(carol.token), ADDED);
    const daveSub = new Subscription(connect(dave.token), ADDED);
    await settle();
    await deliver(dave.address, 'for dave only');
    await deliver(carol.address, 'for carol only');
    await carolSub.until(() => carolSub.events('messageAdded').length === 1);
    await daveSub.until(() => daveSub.events('messageAdded').length === 1);
    await settle(300);
    const subjects = (sub: Subscription) =>
      sub.events('messageAdded').map((event) => (event['message'] as { subject: string }).subject);
    expect(subjects(carolSub)).toEqual(['for carol only']);
    expect(subjects(daveSub)).toEqual(['for dave only']);

    // Naming the other user, or the other user's mailbox, is refused.
    const foreignUser = new Subscription(connect(carol.token), ADDED, { userId: dave.id });
    await foreignUser.until(() => foreignUser.done);
    expect(foreignUser.errorCode()).toBe('FORBIDDEN');
    const foreignMailbox = new Subscription(connect(carol.token), ADDED, { mailboxId: await inboxOf(dave) });
    await foreignMailbox.until(() => foreignMailbox.done);
    expect(foreignMailbox.errorCode()).toBe('NOT_FOUND');
    expect(foreignUser.events('messageAdded')).toEqual([]);
    expect(foreignMailbox.events('messageAdded')).toEqual([]);
  });

  it('enforces the depth and complexity limits over HTTP and WebSocket', async () => {
    const erin = await createUser('gqllimits');
    const inbox = await inboxOf(erin);
    const shallow = await graphql(erin.token, '{ me { id mailboxes { path } } }');
    expect(shallow.errors).toBeUndefined();

    const deep = await graphql(
      erin.token,
      'query ($m: ID!) { messages(mailboxId: $m, first: 1) { edges { node { id } } } }',
      { m: inbox },
    );
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_DEEP');
    expect(deep.data ?? null).toBeNull();
    expect(JSON.stringify(deep)).not.toMatch(/stacktrace|\.ts:\d+/);

    // Shallow but wide: many aliases of the same field add up.
    const wide = Array.from({ length: 120 }, (_, index) => `m${index}: me { id username }`).join(' ');
    const costly = await graphql(erin.token, `{ ${wide} }`);
    expect(costly.status).toBe(400);
    expect(costly.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
    expect(costly.data ?? null).toBeNull();

    const deepSubscription = new Subscription(
      connect(erin.token),
      'subscription { messageAdded { message { from { name } } } }',
    );
    await deepSubscription.until(() => deepSubscription.done);
    expect(deepSubscription.errorCode()).toBe('QUERY_TOO_DEEP');
  });
});
