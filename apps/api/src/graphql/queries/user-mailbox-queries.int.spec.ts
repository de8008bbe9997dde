import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';
import { AccessTokenService } from '@eider/accounts';
import type { MailboxDocument } from '@eider/mailstore';
import { startApiHarness, type ApiHarness, type TestUser } from '../../testing/api-test.harness';
import { errorCode, graphqlCall, graphqlData, simpleMessage } from './graphql-test.helpers';

interface UserNode {
  id: string;
  username: string;
}
interface UsersPage {
  users: {
    totalCount: number;
    edges: { cursor: string; node: UserNode }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
  };
}

describe('GraphQL queries: users and mailboxes', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  let aliceInbox: MailboxDocument;
  let bobInbox: MailboxDocument;
  let readonlyToken: string;
  // Driver command events of the app's own connection, for the batching test.
  const commands: CommandStartedEvent[] = [];

  beforeAll(async () => {
    api = await startApiHarness((config) => {
      config.mongo.monitorCommands = true;
    });
    api.app
      .get<Connection>(getConnectionToken())
      .getClient()
      .on('commandStarted', (event) => commands.push(event));
    alice = await api.createUser('gqlq');
    bob = await api.createUser('gqlq');
    aliceInbox = await api.store.mailboxes.getByPath(alice.user._id, 'INBOX');
    bobInbox = await api.store.mailboxes.getByPath(bob.user._id, 'INBOX');
    await api.store.ingest.add(aliceInbox, simpleMessage('first'), { flags: ['\\Seen'] });
    await api.store.ingest.add(aliceInbox, simpleMessage('second'));
    const issued = await api.app
      .get(AccessTokenService)
      .issue({ user: alice.user._id, role: 'readonly', ttlSeconds: 3600 });
    readonlyToken = issued.token;
  });
  afterAll(async () => api?.close());

  it('answers me with addresses, mailboxes and lazily counted mailboxes', async () => {
    const data = await graphqlData<{
      me: {
        id: string;
        address: string;
        addresses: { address: string; main: boolean }[];
        quota: { allowed: number; used: number };
        mailboxCount: number;
        mailboxes: { id: string; path: string; name: string; total: number; unseen: number; size: number }[];
      };
    }>(
      api,
      alice.token,
      '{ me { id address addresses { address main } quota { allowed used } mailboxCount mailboxes { id path name total unseen size } } }',
    );
    expect(data.me.id).toBe(alice.id);
    expect(data.me.address).toBe(`${alice.user.username}@example.test`);
    expect(data.me.addresses).toEqual([{ address: `${alice.user.username}@example.test`, main: true }]);
    expect(data.me.mailboxCount).toBe(data.me.mailboxes.length);
    const inbox = data.me.mailboxes.find((mailbox) => mailbox.path === 'INBOX');
    expect(inbox).toMatchObject({ id: aliceInbox._id.toHexString(), name: 'INBOX', total: 2, unseen: 1 });
    expect(inbox?.size).toBeGreaterThan(0);
    const sent = data.me.mailboxes.find((mailbox) => mailbox.path !== 'INBOX');
    expect(sent).toMatchObject({ total: 0, unseen: 0, size: 0 });
  });

  it('answers mailbox by id or path, and mailboxes for the root token with userId', async () => {
    const byId = await graphqlData<{ mailbox: { path: string; total: number } }>(
      api,
      alice.token,
      'query($id: ID) { mailbox(id: $id) { path total } }',
      { id: aliceInbox._id.toHexString() },
    );
    expect(byId.mailbox).toEqual({ path: 'INBOX', total: 2 });
    const byPath = await graphqlData<{ mailbox: { id: string } }>(
      api,
      alice.token,
      '{ mailbox(path: "INBOX") { id } }',
    );
    expect(byPath.mailbox.id).toBe(aliceInbox._id.toHexString());
    const asRoot = await graphqlData<{ mailboxes: { id: string }[] }>(
      api,
      api.rootToken,
      'query($user: ID) { mailboxes(userId: $user) { id } }',
      { user: bob.id },
    );
    expect(asRoot.mailboxes.map((mailbox) => mailbox.id)).toContain(bobInbox._id.toHexString());
    const rootWithoutUser = await graphqlCall(api, api.rootToken, '{ mailboxes { id } }');
    expect(errorCode(rootWithoutUser)).toBe('BAD_USER_INPUT');
  });

  it("never shows another user's user or mailboxes", async () => {
    const bobId = bob.id;
    const cases: [string, Record<string, unknown>, string][] = [
      ['query($id: ID!) { user(id: $id) { id username } }', { id: bobId }, 'FORBIDDEN'],
      ['query($u: ID) { mailboxes(userId: $u) { id } }', { u: bobId }, 'FORBIDDEN'],
      ['query($id: ID) { mailbox(id: $id) { id path } }', { id: bobInbox._id.toHexString() }, 'NOT_FOUND'],
      ['query($u: ID) { mailbox(path: "INBOX", userId: $u) { id } }', { u: bobId }, 'FORBIDDEN'],
      [
        'query($id: ID, $u: ID) { mailbox(id: $id, userId: $u) { id } }',
        { id: bobInbox._id.toHexString(), u: alice.id },
        'NOT_FOUND',
      ],
    ];
    for (const [query, variables, code] of cases) {
      const reply = await graphqlCall(api, alice.token, query, variables);
      expect({ query, code: errorCode(reply) }).toEqual({ query, code });
      expect(JSON.stringify(reply.data ?? null)).not.toContain(bob.user.username);
      expect(JSON.stringify(reply.data ?? null)).not.toContain(bobInbox._id.toHexString());
    }
    const own = await graphqlData<{ user: { id: string } }>(
      api,
      alice.token,
      'query($id: ID!) { user(id: $id) { id } }',
      {
        id: alice.id,
      },
    );
    expect(own.user.id).toBe(alice.id);
  });

  it('answers malformed ids with BAD_USER_INPUT and unknown ones with NOT_FOUND', async () => {
    for (const [query, variables] of [
      ['query($id: ID!) { user(id: $id) { id } }', { id: 'nope' }],
      ['query($id: ID) { mailbox(id: $id) { id } }', { id: '123' }],
      ['query($u: ID) { mailboxes(userId: $u) { id } }', { u: 'zzzzzzzzzzzzzzzzzzzzzzzz' }],
      ['{ mailbox { id } }', {}],
      ['{ mailbox(id: "000000000000000000000000", path: "INBOX") { id } }', {}],
    ] as const) {
      expect({ query, code: errorCode(await graphqlCall(api, alice.token, query, variables)) }).toEqual({
        query,
        code: 'BAD_USER_INPUT',
      });
    }
    const missing = await graphqlCall(api, api.rootToken, 'query($id: ID!) { user(id: $id) { id } }', {
      id: '0123456789abcdef01234567',
    });
    expect(errorCode(missing)).toBe('NOT_FOUND');
    expect(errorCode(await graphqlCall(api, alice.token, '{ mailbox(path: "Nowhere") { id } }'))).toBe(
      'NOT_FOUND',
    );
  });

  it('lists users for the root token only, paging both ways with stable cursors', async () => {
    for (const token of [alice.token, readonlyToken]) {
      const refused = await graphqlCall(api, token, '{ users(first: 5) { totalCount } }');
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(refused.data ?? null).toBeNull();
    }
    const extra = await Promise.all([1, 2, 3].map(() => api.createUser('gqlpage')));
    const query = `query($first: Int, $after: String, $last: Int, $before: String, $q: String) {
      users(first: $first, after: $after, last: $last, before: $before, query: $q) {
        totalCount edges { cursor node { id username } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const expected = [alice, bob, ...extra].filter((user) => user.user.username.startsWith('gql'));
    const all = await graphqlData<UsersPage>(api, api.rootToken, query, { first: 100, q: 'gql' });
    const ids = all.users.edges.map((edge) => edge.node.id);
    for (const user of expected) expect(ids).toContain(user.id);
    expect(all.users.totalCount).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(5);

    const first = await graphqlData<UsersPage>(api, api.rootToken, query, { first: 2, q: 'gql' });
    expect(first.users.edges.map((edge) => edge.node.id)).toEqual(ids.slice(0, 2));
    expect(first.users.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await graphqlData<UsersPage>(api, api.rootToken, query, {
      first: 2,
      after: first.users.pageInfo.endCursor,
      q: 'gql',
    });
    expect(second.users.edges.map((edge) => edge.node.id)).toEqual(ids.slice(2, 4));
    expect(second.users.pageInfo.hasPreviousPage).toBe(true);
    const back = await graphqlData<UsersPage>(api, api.rootToken, query, {
      last: 2,
      before: second.users.pageInfo.startCursor,
      q: 'gql',
    });
    expect(back.users.edges).toEqual(first.users.edges);
    expect(back.users.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const tail = await graphqlData<UsersPage>(api, api.rootToken, query, { last: 2, q: 'gql' });
    expect(tail.users.edges.map((edge) => edge.node.id)).toEqual(ids.slice(-2));
    expect(tail.users.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    for (const variables of [
      { first: 1, last: 1 },
      { first: 0 },
      { first: 1, before: first.users.pageInfo.endCursor },
      { first: 1, after: 'not-a-cursor' },
    ]) {
      expect(errorCode(await graphqlCall(api, api.rootToken, query, variables))).toBe('BAD_USER_INPUT');
    }
  });

  it('batches mailbox, counter, user and address lookups: the query count does not grow with the rows', async () => {
    const heavy = await api.createUser('gqlcount');
    const inbox = await api.store.mailboxes.getByPath(heavy.user._id, 'INBOX');
    const archive = await api.store.mailboxes.create(heavy.user._id, 'Bulk');
    const query = `query($mb: ID!, $first: Int) {
      me { id address mailboxes { name total unseen size } }
      messages(mailboxId: $mb, first: $first) {
        edges { node { id subject mailbox { id name total unseen size } } } } }`;
    const countFor = async (mailbox: MailboxDocument, rows: number) => {
      commands.length = 0;
      const data = await graphqlData<{ messages: { edges: { node: { mailbox: { total: number } } }[] } }>(
        api,
        heavy.token,
        query,
        { mb: mailbox._id.toHexString(), first: rows },
      );
      expect(data.messages.edges).toHaveLength(rows);
      expect(data.messages.edges[0]?.node.mailbox.total).toBe(rows);
      return commands.filter(
        (event) => !['hello', 'isMaster', 'ismaster', 'ping'].includes(event.commandName),
      ).length;
    };
    for (let i = 0; i < 5; i++) await api.store.ingest.add(inbox, simpleMessage(`few ${i}`));
    for (let i = 0; i < 50; i++) await api.store.ingest.add(archive, simpleMessage(`many ${i}`));
    // Mailbox counts are cached per modseq: both queries run once to warm the cache, so they compare alike.
    await countFor(inbox, 5);
    await countFor(archive, 50);
    const few = await countFor(inbox, 5);
    const many = await countFor(archive, 50);
    expect(few).toBeGreaterThan(0);
    expect(many).toBe(few);
  });

  it('prices list fields by their page size, so large pages hit the complexity limit', async () => {
    const strict = await startApiHarness((config) => {
      config.api.graphql.maxComplexity = 200;
    });
    try {
      const run = (first: number) =>
        graphqlCall(
          strict,
          strict.rootToken,
          `{ users(first: ${first}) { edges { node { id username name mailboxes { id } } } } }`,
        );
      expect((await run(3)).errors).toBeUndefined();
      const wide = await run(100);
      expect(errorCode(wide)).toBe('QUERY_TOO_COMPLEX');
      expect(wide.data ?? null).toBeNull();
    } finally {
      await strict.close();
    }
  });
});
