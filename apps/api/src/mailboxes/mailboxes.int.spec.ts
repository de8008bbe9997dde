import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

interface MailboxResult {
  id: string;
  name: string;
  path: string;
  specialUse: string | null;
  modifyIndex: number;
  subscribed: boolean;
  hidden: boolean;
  total?: number;
  unseen?: number;
  size?: number;
}

const message = (subject: string) =>
  Buffer.from(`From: a@example.test\r\nTo: b@example.test\r\nSubject: ${subject}\r\n\r\nHello\r\n`);

describe('mailboxes API', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  const base = (user: TestUser) => `/users/${user.id}/mailboxes`;
  const list = async (user: TestUser, query = '') =>
    (await api.call<{ results: MailboxResult[] }>('GET', `${base(user)}${query}`, { token: user.token })).body
      .results;

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('mbx');
    bob = await api.createUser('mbxother');
  });
  afterAll(async () => api?.close());

  it('lists the default mailboxes, INBOX first, with special uses', async () => {
    const results = await list(alice);
    expect(results[0]).toMatchObject({ path: 'INBOX', name: 'INBOX', specialUse: null, hidden: false });
    expect(results.map((mailbox) => mailbox.specialUse).sort()).toEqual(
      ['\\Archive', '\\Drafts', '\\Junk', '\\Sent', '\\Trash', null].sort(),
    );
    expect(results[0]?.id).toMatch(/^[0-9a-f]{24}$/);
    expect(results[0]?.total).toBeUndefined();
    const special = await list(alice, '?specialUse=true');
    expect(special.every((mailbox) => mailbox.specialUse !== null)).toBe(true);
    expect(special).toHaveLength(5);
  });

  it('reports counters (total, unseen, size) when asked', async () => {
    const inbox = await api.store.mailboxes.getByPath(alice.user._id, 'INBOX');
    const seen = await api.store.ingest.add(inbox, message('one'), { flags: ['\\Seen'] });
    const unseen = await api.store.ingest.add(inbox, message('two'));
    const [listed] = await list(alice, '?counters=true');
    expect(listed).toMatchObject({
      path: 'INBOX',
      total: 2,
      unseen: 1,
      size: seen.sizeCrlf + unseen.sizeCrlf,
    });
    expect(listed?.modifyIndex).toBeGreaterThan(0);
    const one = await api.call('GET', `${base(alice)}/${inbox._id.toHexString()}`, { token: alice.token });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ success: true, path: 'INBOX', total: 2, unseen: 1 });
  });

  it('creates a mailbox, refuses a duplicate with 409 and bad input with 400', async () => {
    const created = await api.call('POST', base(alice), {
      token: alice.token,
      json: { path: 'Projects/Eider' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ success: true, id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const fetched = await api.call('GET', `${base(alice)}/${created.body['id'] as string}`, {
      token: alice.token,
    });
    expect(fetched.body).toMatchObject({ name: 'Eider', path: 'Projects/Eider', subscribed: true, total: 0 });

    const duplicate = await api.call('POST', base(alice), {
      token: alice.token,
      json: { path: 'Projects/Eider' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body['code']).toBe('MailboxExistsError');
    for (const json of [
      { path: 'a//b' },
      { path: '' },
      { path: 5 },
      { path: 'x', admin: true },
      { path: 'x', hidden: true },
    ]) {
      const bad = await api.call('POST', base(alice), { token: alice.token, json });
      expect(bad.status).toBe(400);
      expect(bad.body['code']).toBe('InputValidationError');
    }
    expect((await list(alice)).some((mailbox) => mailbox.path === 'x')).toBe(false);
  });

  it('resolves a mailbox by path', async () => {
    const resolved = await api.call('GET', `${base(alice)}/resolve?path=${encodeURIComponent('inbox')}`, {
      token: alice.token,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body['path']).toBe('INBOX');
    const missing = await api.call('GET', `${base(alice)}/resolve?path=Nope`, { token: alice.token });
    expect(missing.status).toBe(404);
    expect(missing.body['code']).toBe('NoSuchMailbox');
  });

  it('renames a mailbox with its children and changes the subscription', async () => {
    const parent = await api.store.mailboxes.create(alice.user._id, 'Old');
    await api.store.mailboxes.create(alice.user._id, 'Old/Child');
    const id = parent._id.toHexString();
    const renamed = await api.call('PUT', `${base(alice)}/${id}`, {
      token: alice.token,
      json: { path: 'New', subscribed: false },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ success: true });
    const paths = (await list(alice)).map((mailbox) => mailbox.path);
    expect(paths).toEqual(expect.arrayContaining(['New', 'New/Child']));
    expect(paths).not.toContain('Old');
    const after = await api.call('GET', `${base(alice)}/${id}`, { token: alice.token });
    expect(after.body).toMatchObject({ path: 'New', subscribed: false });

    const nothing = await api.call('PUT', `${base(alice)}/${id}`, { token: alice.token, json: {} });
    expect(nothing.status).toBe(400);
    const clash = await api.call('PUT', `${base(alice)}/${id}`, {
      token: alice.token,
      json: { path: 'INBOX' },
    });
    expect(clash.status).toBe(409);
    const typed = await api.call('PUT', `${base(alice)}/${id}`, {
      token: alice.token,
      json: { subscribed: 'no' },
    });
    expect(typed.status).toBe(400);
  });

  it('deletes a mailbox but refuses INBOX and special-use mailboxes', async () => {
    const mailboxes = await list(alice);
    for (const path of ['INBOX', 'Trash', 'Sent']) {
      const id = mailboxes.find((mailbox) => mailbox.path === path)?.id ?? '';
      const refused = await api.call('DELETE', `${base(alice)}/${id}`, { token: alice.token });
      expect(refused.status).toBe(400);
      expect(refused.body['code']).toBe('DisallowedMailboxMethod');
    }
    const doomed = await api.store.mailboxes.create(alice.user._id, 'Doomed');
    await api.store.ingest.add(doomed, message('bye'));
    const deleted = await api.call('DELETE', `${base(alice)}/${doomed._id.toHexString()}`, {
      token: alice.token,
    });
    expect(deleted.status).toBe(200);
    const gone = await api.call('GET', `${base(alice)}/${doomed._id.toHexString()}`, { token: alice.token });
    expect(gone.status).toBe(404);
    expect((await list(alice)).map((mailbox) => mailbox.path)).toContain('INBOX');
  });

  it('keeps users apart: 403 for another user, 404 for their mailbox ids under your own user', async () => {
    const bobInbox = (await list(bob))[0]?.id ?? '';
    expect((await api.call('GET', base(bob), { token: alice.token })).status).toBe(403);
    expect((await api.call('POST', base(bob), { token: alice.token, json: { path: 'Spy' } })).status).toBe(
      403,
    );
    for (const [method, json] of [
      ['GET', undefined],
      ['PUT', { path: 'Stolen' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await api.call(method, `${base(alice)}/${bobInbox}`, {
        token: alice.token,
        ...(json ? { json } : {}),
      });
      expect(response.status).toBe(404);
      expect(response.body['code']).toBe('NoSuchMailbox');
    }
    expect((await list(bob))[0]?.path).toBe('INBOX');
    expect((await api.call('GET', `${base(alice)}/not-an-id`, { token: alice.token })).status).toBe(400);
    expect((await api.call('GET', `${base(alice)}/${'0'.repeat(24)}`, { token: alice.token })).status).toBe(
      404,
    );
  });

  it('documents the mailbox and message routes in the OpenAPI document', async () => {
    const document = await api.call<{ paths: Record<string, object> }>('GET', '/openapi.json', {
      token: null,
    });
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/users/{user}/mailboxes',
        '/users/{user}/mailboxes/{mailbox}',
        '/users/{user}/mailboxes/{mailbox}/messages',
        '/users/{user}/mailboxes/{mailbox}/messages/{message}',
        '/users/{user}/mailboxes/{mailbox}/messages/{message}/message.eml',
        '/users/{user}/mailboxes/{mailbox}/messages/{message}/attachments/{attachment}',
        '/users/{user}/search',
      ]),
    );
  });

  it('refuses writes with a read-only token but lets it read', async () => {
    const login = await api.call('POST', '/authenticate', {
      token: null,
      json: { username: alice.user.username, password: alice.password, readOnly: true },
    });
    const token = login.body['token'] as string;
    expect((await api.call('GET', base(alice), { token })).status).toBe(200);
    const write = await api.call('POST', base(alice), { token, json: { path: 'ReadOnly' } });
    expect(write.status).toBe(403);
    expect((await list(alice)).some((mailbox) => mailbox.path === 'ReadOnly')).toBe(false);
  });
});
