import { ObjectId } from 'mongodb';
import { AccessTokenService } from '@eider/accounts';
import { startApiHarness, type ApiHarness, type TestUser } from '../../testing/api-test.harness';
import { dataOf, errorCode, expectNoLeaks, graphqlCall } from './graphql-call.test-helper';

const MAX_MESSAGE_SIZE = 16 * 1024;
const RAW = 'From: a@example.org\r\nSubject: Kept\r\n\r\nBody\r\n';

/** Two users and a read-only token: every mutation refuses the other user's data and changes nothing. */
describe('GraphQL mutations: isolation, read-only tokens and bad input', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  let readonlyToken: string;
  const ids: Record<string, string> = {};

  /** Everything of Alice's a mutation could change, to compare before and after. */
  const aliceState = async () =>
    dataOf(
      await graphqlCall(
        api,
        `query ($u: ID!, $m: ID!) {
           user(id: $u) { name disabled quota { allowed } }
           mailboxes(userId: $u) { id path }
           message(id: $m) { id flags }
           filters(userId: $u) { id name action { seen } }
           autoreply(userId: $u) { enabled text }
           applicationPasswords(userId: $u) { id }
         }`,
        { u: alice.id, m: ids['message'] },
      ),
    );

  beforeAll(async () => {
    api = await startApiHarness((config) => {
      config.limits.maxMessageSize = MAX_MESSAGE_SIZE;
    });
    alice = await api.createUser('gqliso');
    bob = await api.createUser('gqlisob');
    readonlyToken = (
      await api.app.get(AccessTokenService).issue({ user: alice.user._id, role: 'readonly', ttlSeconds: 600 })
    ).token;
    const inbox = await api.store.mailboxes.getByPath(alice.user._id, 'INBOX');
    const stored = await api.store.ingest.add(inbox, Buffer.from(RAW));
    ids['mailbox'] = inbox._id.toHexString();
    ids['message'] = `${ids['mailbox']}:${stored.uid}`;
    const bobInbox = await api.store.mailboxes.getByPath(bob.user._id, 'INBOX');
    ids['bobMailbox'] = bobInbox._id.toHexString();
    ids['bobMessage'] =
      `${ids['bobMailbox']}:${(await api.store.ingest.add(bobInbox, Buffer.from(RAW))).uid}`;
    const setup = dataOf(
      await graphqlCall(
        api,
        `mutation {
           createFilter(input: { name: "mine", query: { from: "x" }, action: { seen: true } }) { id }
           createApplicationPassword(description: "Phone") { applicationPassword { id } }
           setAutoreply(input: { enabled: true, text: "away" }) { enabled }
         }`,
        {},
        alice.token,
      ),
    );
    ids['filter'] = setup['createFilter'].id;
    ids['asp'] = setup['createApplicationPassword'].applicationPassword.id;
    ids['address'] = (await api.accounts.addresses.listUserAddresses(alice.user._id))[0]!._id.toHexString();
  });
  afterAll(async () => api?.close());

  const attempts = (): [string, string, Record<string, unknown>][] => [
    [
      'createUser',
      'mutation { createUser(input: { username: "intruder", password: "pw-long-enough" }) { id } }',
      {},
    ],
    ['updateUser', 'mutation ($u: ID!) { updateUser(id: $u, input: { name: "x" }) { id } }', { u: alice.id }],
    ['deleteUser', 'mutation ($u: ID!) { deleteUser(id: $u) { id } }', { u: alice.id }],
    [
      'addAddress',
      'mutation ($u: ID!) { addAddress(userId: $u, address: "evil@example.test") { id } }',
      { u: alice.id },
    ],
    ['setMainAddress', 'mutation ($id: ID!) { setMainAddress(id: $id) { id } }', { id: ids['address'] }],
    ['deleteAddress', 'mutation ($id: ID!) { deleteAddress(id: $id) { id } }', { id: ids['address'] }],
    [
      'createMailbox',
      'mutation ($u: ID!) { createMailbox(path: "Evil", userId: $u) { id } }',
      { u: alice.id },
    ],
    [
      'renameMailbox',
      'mutation ($id: ID!) { renameMailbox(id: $id, path: "Evil") { id } }',
      { id: ids['mailbox'] },
    ],
    ['deleteMailbox', 'mutation ($id: ID!) { deleteMailbox(id: $id) { id } }', { id: ids['mailbox'] }],
    [
      'setMessageFlags',
      'mutation ($ids: [ID!]!) { setMessageFlags(ids: $ids, flagged: true) { id } }',
      { ids: [ids['bobMessage'], ids['message']] },
    ],
    [
      'moveMessages',
      'mutation ($ids: [ID!]!, $to: ID!) { moveMessages(ids: $ids, mailboxId: $to) { id } }',
      { ids: [ids['message']], to: ids['bobMailbox'] },
    ],
    [
      'moveMessages into',
      'mutation ($ids: [ID!]!, $to: ID!) { moveMessages(ids: $ids, mailboxId: $to) { id } }',
      { ids: [ids['bobMessage']], to: ids['mailbox'] },
    ],
    [
      'deleteMessages',
      'mutation ($ids: [ID!]!) { deleteMessages(ids: $ids) { id } }',
      { ids: [ids['message']] },
    ],
    [
      'uploadMessage',
      'mutation ($m: ID!, $raw: String!) { uploadMessage(mailboxId: $m, raw: $raw) { id } }',
      { m: ids['mailbox'], raw: RAW },
    ],
    [
      'sendMessage',
      'mutation ($r: ID!) { sendMessage(input: { reference: { id: $r, action: FORWARD }, to: [{ address: "x@example.com" }] }) { id } }',
      { r: ids['message'] },
    ],
    [
      'saveDraft',
      'mutation ($m: ID!) { saveDraft(input: { mailboxId: $m, text: "x" }) { id } }',
      { m: ids['mailbox'] },
    ],
    [
      'updateDraft',
      'mutation ($id: ID!) { updateDraft(id: $id, input: { text: "x" }) { id } }',
      { id: ids['message'] },
    ],
    [
      'createFilter',
      'mutation ($u: ID!) { createFilter(userId: $u, input: { query: { from: "x" }, action: { seen: false } }) { id } }',
      { u: alice.id },
    ],
    [
      'createFilter into',
      'mutation ($m: ID!) { createFilter(input: { query: { from: "x" }, action: { mailbox: $m } }) { id } }',
      { m: ids['mailbox'] },
    ],
    [
      'updateFilter',
      'mutation ($id: ID!) { updateFilter(id: $id, input: { name: "x" }) { id } }',
      { id: ids['filter'] },
    ],
    ['deleteFilter', 'mutation ($id: ID!) { deleteFilter(id: $id) { id } }', { id: ids['filter'] }],
    [
      'setAutoreply',
      'mutation ($u: ID!) { setAutoreply(userId: $u, input: { enabled: false }) { enabled } }',
      { u: alice.id },
    ],
    ['deleteAutoreply', 'mutation ($u: ID!) { deleteAutoreply(userId: $u) { enabled } }', { u: alice.id }],
    [
      'createApplicationPassword',
      'mutation ($u: ID!) { createApplicationPassword(userId: $u, description: "x") { password } }',
      { u: alice.id },
    ],
    [
      'deleteApplicationPassword',
      'mutation ($id: ID!) { deleteApplicationPassword(id: $id) { id } }',
      { id: ids['asp'] },
    ],
  ];

  it("refuses every mutation on another user's data with FORBIDDEN or NOT_FOUND, changing nothing", async () => {
    const before = await aliceState();
    const bobRef = {
      mailbox: new ObjectId(ids['bobMailbox']),
      uid: Number(ids['bobMessage']!.split(':')[1]),
    };
    const bobBefore = await api.store.messages.getMany(bob.user._id, [bobRef]);
    for (const [name, query, variables] of attempts()) {
      const reply = await graphqlCall(api, query, variables, bob.token);
      expectNoLeaks(reply);
      expect({ name, code: errorCode(reply) }).toEqual({
        name,
        code: expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/),
      });
    }
    expect(await aliceState()).toEqual(before);
    const bobAfter = await api.store.messages.getMany(bob.user._id, [bobRef]);
    expect(bobAfter.map((message) => message.flags)).toEqual(bobBefore.map((message) => message.flags));
  });

  it("refuses the queries of another user's filters, autoreply and application passwords", async () => {
    for (const query of [
      'query ($u: ID!) { filters(userId: $u) { id } }',
      'query ($u: ID!) { autoreply(userId: $u) { enabled } }',
      'query ($u: ID!) { applicationPasswords(userId: $u) { id } }',
    ]) {
      expect(errorCode(await graphqlCall(api, query, { u: alice.id }, bob.token))).toBe('FORBIDDEN');
    }
    const filter = await graphqlCall(
      api,
      'query ($id: ID!) { filter(id: $id) { id } }',
      { id: ids['filter'] },
      bob.token,
    );
    expect(errorCode(filter)).toBe('NOT_FOUND');
  });

  it('refuses every mutation to a read-only token, which still reads', async () => {
    const before = await aliceState();
    for (const [name, query, variables] of attempts()) {
      const reply = await graphqlCall(api, query, variables, readonlyToken);
      expect({ name, code: errorCode(reply) }).toEqual({ name, code: 'FORBIDDEN' });
    }
    expect(await aliceState()).toEqual(before);
    const read = await graphqlCall(
      api,
      '{ filters { id } autoreply { enabled } applicationPasswords { id } }',
      {},
      readonlyToken,
    );
    expect(dataOf(read)['filters']).toEqual([{ id: ids['filter'] }]);
  });

  it('answers malformed ids with BAD_USER_INPUT', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['mutation ($id: ID!) { deleteFilter(id: $id) { id } }', { id: 'nope' }],
      ['mutation ($id: ID!) { renameMailbox(id: $id, path: "X") { id } }', { id: '123' }],
      ['mutation ($ids: [ID!]!) { setMessageFlags(ids: $ids, seen: true) { id } }', { ids: ['abc'] }],
      ['mutation ($ids: [ID!]!) { deleteMessages(ids: $ids) { id } }', { ids: [`${ids['mailbox']}:0`] }],
      ['mutation ($ids: [ID!]!) { deleteMessages(ids: $ids) { id } }', { ids: [] }],
      [
        'mutation ($ids: [ID!]!, $to: ID!) { moveMessages(ids: $ids, mailboxId: $to) { id } }',
        { ids: [ids['message']], to: 'INBOX' },
      ],
      [
        'mutation ($u: ID!) { setAutoreply(userId: $u, input: { enabled: false }) { enabled } }',
        { u: 'root' },
      ],
      ['mutation ($ids: [ID!]!) { setMessageFlags(ids: $ids) { id } }', { ids: [ids['message']] }],
    ];
    for (const [query, variables] of cases) {
      const reply = await graphqlCall(api, query, variables, alice.token);
      expectNoLeaks(reply);
      expect({ query, variables, code: errorCode(reply) }).toEqual({
        query,
        variables,
        code: 'BAD_USER_INPUT',
      });
    }
    const tooMany = Array.from({ length: 1001 }, (_, index) => `${ids['mailbox']}:${index + 1}`);
    const bulk = await graphqlCall(
      api,
      'mutation ($ids: [ID!]!) { deleteMessages(ids: $ids) { id } }',
      { ids: tooMany },
      alice.token,
    );
    expect(errorCode(bulk)).toBe('BAD_USER_INPUT');
  });

  it('refuses malformed and oversized uploads and attachments, storing nothing', async () => {
    const upload = 'mutation ($m: ID!, $raw: String!) { uploadMessage(mailboxId: $m, raw: $raw) { id } }';
    const countBefore = (await api.store.messages.listUids(new ObjectId(ids['mailbox']))).length;
    for (const raw of ['QUJD', '!!! not a message', 'SGVsbG8gd29ybGQ=']) {
      const reply = await graphqlCall(api, upload, { m: ids['mailbox'], raw }, alice.token);
      expect({ raw, code: errorCode(reply) }).toEqual({ raw, code: 'BAD_USER_INPUT' });
    }
    const big = `Subject: big\r\n\r\n${'x'.repeat(MAX_MESSAGE_SIZE)}`;
    for (const raw of [big, Buffer.from(big).toString('base64')]) {
      const reply = await graphqlCall(api, upload, { m: ids['mailbox'], raw }, alice.token);
      expectNoLeaks(reply);
      expect(errorCode(reply)).toBe('PAYLOAD_TOO_LARGE');
    }
    const send =
      'mutation ($a: [AttachmentInput!]) { saveDraft(input: { text: "x", attachments: $a }) { id } }';
    const badBase64 = await graphqlCall(api, send, { a: [{ filename: 'a', content: 'abc' }] }, alice.token);
    expect(errorCode(badBase64)).toBe('BAD_USER_INPUT');
    const huge = Buffer.alloc(MAX_MESSAGE_SIZE + 1, 1).toString('base64');
    const tooLarge = await graphqlCall(api, send, { a: [{ filename: 'a', content: huge }] }, alice.token);
    expect(errorCode(tooLarge)).toBe('PAYLOAD_TOO_LARGE');
    const header = await graphqlCall(
      api,
      'mutation { saveDraft(input: { text: "x", headers: [{ key: "Bcc", value: "x@example.com" }] }) { id } }',
      {},
      alice.token,
    );
    expect(errorCode(header)).toBe('BAD_USER_INPUT');
    const countAfter = (await api.store.messages.listUids(new ObjectId(ids['mailbox']))).length;
    expect(countAfter).toBe(countBefore);
    const drafts = await api.store.mailboxes.findBySpecialUse(alice.user._id, '\\Drafts');
    expect(await api.store.messages.listUids(drafts!._id)).toEqual([]);
  });
});
