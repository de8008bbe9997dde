import { startApiHarness, type ApiHarness, type TestUser } from '../../testing/api-test.harness';
import { dataOf, errorCode, graphqlCall, type GraphqlReply } from './graphql-call.test-helper';

/** Each mutation over users, addresses, mailboxes, filters, autoreply and app passwords, and what it answers. */
describe('GraphQL mutations: settings and administration', () => {
  let api: ApiHarness;
  let alice: TestUser;

  const asAlice = (query: string, variables: Record<string, unknown> = {}): Promise<GraphqlReply> =>
    graphqlCall(api, query, variables, alice.token);

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('gqlset');
  });
  afterAll(async () => api?.close());

  it('creates, reads, updates and deletes filters', async () => {
    const inbox = await api.store.mailboxes.getByPath(alice.user._id, 'INBOX');
    const created = dataOf(
      await asAlice(
        `mutation ($input: CreateFilterInput!) {
           createFilter(input: $input) { id name disabled query { from hasAttachments size } action { seen mailbox targets } created }
         }`,
        {
          input: {
            name: 'Reports',
            query: { from: 'reports@example.org', hasAttachments: true, size: -1000 },
            action: { seen: true, mailbox: inbox._id.toHexString() },
          },
        },
      ),
    )['createFilter'];
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'Reports',
      disabled: false,
      query: { from: 'reports@example.org', hasAttachments: true, size: -1000 },
      action: { seen: true, mailbox: inbox._id.toHexString(), targets: null },
      created: expect.any(String),
    });
    const updated = dataOf(
      await asAlice(
        'mutation ($id: ID!) { updateFilter(id: $id, input: { disabled: true, action: { flag: true } }) { id disabled name action { seen flag } } }',
        { id: created.id },
      ),
    )['updateFilter'];
    expect(updated).toEqual({
      id: created.id,
      disabled: true,
      name: 'Reports',
      action: { seen: null, flag: true },
    });
    const listed = dataOf(await asAlice('{ filters { id disabled } }'))['filters'];
    expect(listed).toEqual([{ id: created.id, disabled: true }]);
    expect(
      dataOf(await asAlice('query ($id: ID!) { filter(id: $id) { name } }', { id: created.id }))['filter'],
    ).toEqual({
      name: 'Reports',
    });
    const deleted = dataOf(
      await asAlice('mutation ($id: ID!) { deleteFilter(id: $id) { id name } }', { id: created.id }),
    );
    expect(deleted['deleteFilter']).toEqual({ id: created.id, name: 'Reports' });
    expect(dataOf(await asAlice('{ filters { id } }'))['filters']).toEqual([]);
    expect(errorCode(await asAlice('query ($id: ID!) { filter(id: $id) { id } }', { id: created.id }))).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses a filter without a condition or an action, and creates none', async () => {
    const noAction = await asAlice(
      'mutation { createFilter(input: { query: { from: "x" }, action: {} }) { id } }',
    );
    expect(errorCode(noAction)).toBe('BAD_USER_INPUT');
    const badTarget = await asAlice(
      'mutation { createFilter(input: { query: { from: "x" }, action: { targets: ["not a target"] } }) { id } }',
    );
    expect(errorCode(badTarget)).toBe('BAD_USER_INPUT');
    expect(dataOf(await asAlice('{ filters { id } }'))['filters']).toEqual([]);
  });

  it('sets, partially updates and deletes the autoreply, sanitising its HTML', async () => {
    expect(dataOf(await asAlice('{ autoreply { enabled start end } }'))['autoreply']).toEqual({
      enabled: false,
      start: null,
      end: null,
    });
    const set = dataOf(
      await asAlice(
        `mutation { setAutoreply(input: { enabled: true, subject: "Away", text: "Back Monday",
           html: "<p onclick=\\"x()\\">Away</p><script>alert(1)</script>", start: "2030-01-01T00:00:00Z", end: "2030-01-10T00:00:00Z" })
           { enabled subject text html start end } }`,
      ),
    )['setAutoreply'];
    expect(set).toEqual({
      enabled: true,
      subject: 'Away',
      text: 'Back Monday',
      html: '<p>Away</p>',
      start: '2030-01-01T00:00:00.000Z',
      end: '2030-01-10T00:00:00.000Z',
    });
    const partial = dataOf(
      await asAlice('mutation { setAutoreply(input: { end: null, subject: "Gone" }) { subject text end } }'),
    );
    expect(partial['setAutoreply']).toEqual({ subject: 'Gone', text: 'Back Monday', end: null });
    const refused = await asAlice(
      'mutation { setAutoreply(input: { start: "2030-02-01T00:00:00Z", end: "2030-01-01T00:00:00Z" }) { enabled } }',
    );
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    const deleted = dataOf(await asAlice('mutation { deleteAutoreply { enabled text } }'));
    expect(deleted['deleteAutoreply']).toEqual({ enabled: false, text: '' });
  });

  it('creates application passwords shown once, lists and deletes them', async () => {
    const created = dataOf(
      await asAlice(
        'mutation { createApplicationPassword(description: "Phone", scopes: ["imap", "smtp"]) { password applicationPassword { id description scopes lastUsed created } } }',
      ),
    )['createApplicationPassword'];
    expect(created.password).toMatch(/^[a-z]{16}$/);
    expect(created.applicationPassword).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      description: 'Phone',
      scopes: ['imap', 'smtp'],
      lastUsed: null,
      created: expect.any(String),
    });
    const listed = dataOf(await asAlice('{ applicationPasswords { id scopes } }'))['applicationPasswords'];
    expect(listed).toEqual([{ id: created.applicationPassword.id, scopes: ['imap', 'smtp'] }]);
    expect(JSON.stringify(listed)).not.toContain(created.password);
    for (const scopes of [[], ['ftp']]) {
      const bad = await asAlice(
        'mutation ($s: [String!]!) { createApplicationPassword(description: "x", scopes: $s) { password } }',
        {
          s: scopes,
        },
      );
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    }
    const deleted = dataOf(
      await asAlice('mutation ($id: ID!) { deleteApplicationPassword(id: $id) { id description } }', {
        id: created.applicationPassword.id,
      }),
    );
    expect(deleted['deleteApplicationPassword']).toEqual({
      id: created.applicationPassword.id,
      description: 'Phone',
    });
    expect(dataOf(await asAlice('{ applicationPasswords { id } }'))['applicationPasswords']).toEqual([]);
  });

  it('creates, renames and deletes mailboxes, protecting special-use ones', async () => {
    const created = dataOf(await asAlice('mutation { createMailbox(path: "Projects") { id path } }'))[
      'createMailbox'
    ];
    expect(errorCode(await asAlice('mutation { createMailbox(path: "Projects") { id } }'))).toBe('CONFLICT');
    const renamed = dataOf(
      await asAlice(
        'mutation ($id: ID!) { renameMailbox(id: $id, path: "Work/Projects") { id path name } }',
        { id: created.id },
      ),
    );
    expect(renamed['renameMailbox']).toEqual({ id: created.id, path: 'Work/Projects', name: 'Projects' });
    const deleted = dataOf(
      await asAlice('mutation ($id: ID!) { deleteMailbox(id: $id) { id path } }', { id: created.id }),
    );
    expect(deleted['deleteMailbox']).toEqual({ id: created.id, path: 'Work/Projects' });
    const sent = await api.store.mailboxes.findBySpecialUse(alice.user._id, '\\Sent');
    const refused = await asAlice('mutation ($id: ID!) { deleteMailbox(id: $id) { id } }', {
      id: sent!._id.toHexString(),
    });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors[0]?.extensions?.['apiCode']).toBe('DisallowedMailboxMethod');
    expect(await api.store.mailboxes.findBySpecialUse(alice.user._id, '\\Sent')).not.toBeNull();
  });

  it('lets a user rename itself and change its password with the old one, never its quota', async () => {
    const renamed = dataOf(
      await asAlice('mutation ($id: ID!) { updateUser(id: $id, input: { name: "Alice A." }) { id name } }', {
        id: alice.id,
      }),
    );
    expect(renamed['updateUser']).toEqual({ id: alice.id, name: 'Alice A.' });
    const quota = await asAlice('mutation ($id: ID!) { updateUser(id: $id, input: { quota: 1 }) { id } }', {
      id: alice.id,
    });
    expect(errorCode(quota)).toBe('FORBIDDEN');
    const noProof = await asAlice(
      'mutation ($id: ID!) { updateUser(id: $id, input: { password: "new-password-1" }) { id } }',
      {
        id: alice.id,
      },
    );
    expect(errorCode(noProof)).toBe('FORBIDDEN');
    const changed = await asAlice(
      'mutation ($id: ID!, $old: String!) { updateUser(id: $id, input: { password: "new-password-1", existingPassword: $old }) { id } }',
      { id: alice.id, old: alice.password },
    );
    expect(changed.errors).toEqual([]);
    // The caller's own token survives the password change.
    expect(dataOf(await asAlice('{ me { id } }'))['me']).toEqual({ id: alice.id });
    expect((await api.store.users.get(alice.user._id)).quota).toBe(0);
  });

  it('manages addresses and lets root create, disable and delete users', async () => {
    const bob = dataOf(
      await graphqlCall(
        api,
        'mutation { createUser(input: { username: "gqlbob' +
          Date.now().toString(36) +
          '", password: "pw-long-enough" }) { id } }',
      ),
    )['createUser'];
    const first = dataOf(
      await graphqlCall(
        api,
        'mutation ($u: ID!) { addAddress(userId: $u, address: "Bob.One@Example.test") { id address main } }',
        {
          u: bob.id,
        },
      ),
    )['addAddress'];
    expect(first).toMatchObject({ address: 'bob.one@example.test', main: true });
    const second = dataOf(
      await graphqlCall(
        api,
        'mutation ($u: ID!) { addAddress(userId: $u, address: "bob.two@example.test") { id main } }',
        { u: bob.id },
      ),
    )['addAddress'];
    expect(second.main).toBe(false);
    const mains = dataOf(
      await graphqlCall(
        api,
        'mutation ($id: ID!, $u: ID) { setMainAddress(id: $id, userId: $u) { id main } }',
        {
          id: second.id,
          u: bob.id,
        },
      ),
    )['setMainAddress'];
    expect(mains).toEqual(
      expect.arrayContaining([
        { id: first.id, main: false },
        { id: second.id, main: true },
      ]),
    );
    const removed = dataOf(
      await graphqlCall(
        api,
        'mutation ($id: ID!, $u: ID) { deleteAddress(id: $id, userId: $u) { id address } }',
        { id: first.id, u: bob.id },
      ),
    )['deleteAddress'];
    expect(removed).toEqual({ id: first.id, address: 'bob.one@example.test' });
    const noUser = await graphqlCall(api, 'mutation ($id: ID!) { setMainAddress(id: $id) { id } }', {
      id: second.id,
    });
    expect(errorCode(noUser)).toBe('BAD_USER_INPUT');

    const disabled = dataOf(
      await graphqlCall(
        api,
        'mutation ($id: ID!) { updateUser(id: $id, input: { disabled: true, quota: 5000 }) { disabled quota { allowed } } }',
        {
          id: bob.id,
        },
      ),
    )['updateUser'];
    expect(disabled).toEqual({ disabled: true, quota: { allowed: 5000 } });
    const deleted = dataOf(
      await graphqlCall(api, 'mutation ($id: ID!) { deleteUser(id: $id) { id } }', { id: bob.id }),
    );
    expect(deleted['deleteUser']).toEqual({ id: bob.id });
    expect(
      errorCode(await graphqlCall(api, 'mutation ($id: ID!) { deleteUser(id: $id) { id } }', { id: bob.id })),
    ).toBe('NOT_FOUND');
  });
});
