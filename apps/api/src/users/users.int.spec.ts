import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

interface ListBody {
  total: number;
  nextCursor: string | false;
  previousCursor: string | false;
  results: { id: string; username: string; address: string }[];
}

const sample = (subject: string) =>
  Buffer.from(`From: a@example.test\r\nTo: b@example.test\r\nSubject: ${subject}\r\n\r\nbody ${subject}\r\n`);

describe('users API', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  const run = randomBytes(4).toString('hex');

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('ualice');
    bob = await api.createUser('ubob');
  });
  afterAll(async () => api?.close());

  const create = (username: string, extra: Record<string, unknown> = {}) =>
    api.call('POST', '/users', { json: { username, password: 'secret-pass', ...extra } });

  it('creates a user with default mailboxes, main address and limits, and refuses duplicates with 409', async () => {
    const created = await create(`new-${run}`, {
      address: `New.${run}@Example.test`,
      name: 'New User',
      quota: 1_000_000,
      recipients: 50,
      imapMaxDownload: 0,
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ success: true, id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const id = created.body['id'] as string;

    const user = await api.call('GET', `/users/${id}`);
    expect(user.status).toBe(200);
    expect(user.body).toMatchObject({
      success: true,
      id,
      username: `new-${run}`,
      name: 'New User',
      address: `new.${run}@example.test`,
      quota: { allowed: 1_000_000, used: 0 },
      disabled: false,
      hasPasswordSet: true,
      limits: {
        quota: { allowed: 1_000_000, used: 0 },
        recipients: { allowed: 50, used: 0, ttl: 0 },
        forwards: { allowed: api.config.limits.forwardsPerDay, used: 0 },
        imapDownload: { allowed: 0, used: 0 },
        pop3Download: { allowed: api.config.limits.pop3DownloadBytesPerDay },
      },
    });
    const mailboxes = await api.store.mailboxes.list(new ObjectId(id));
    expect(mailboxes.map((mailbox) => mailbox.path)).toContain('INBOX');

    const duplicate = await create(`NEW-${run}`);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ error: expect.any(String), code: 'UserExistsError' });
  });

  it('validates the body: username rules, weak password, unknown fields, wrong types', async () => {
    for (const body of [
      { username: 'has space', password: 'secret-pass' },
      { username: 'x'.repeat(129), password: 'secret-pass' },
      { username: 'slash/name', password: 'secret-pass' },
      { username: `ok-${run}`, password: 'secret-pass', admin: true },
      { username: `ok-${run}`, password: 12345678 },
      { username: `ok-${run}`, password: 'secret-pass', quota: -1 },
      { username: `ok-${run}`, password: 'short' },
      { username: `ok-${run}`, password: 'secret-pass', address: 'not an address' },
    ]) {
      const response = await api.call('POST', '/users', { json: body });
      expect([response.status, response.body['code']]).toEqual([400, 'InputValidationError']);
    }
    // Nothing was half-created by the refused requests.
    expect((await api.call('GET', `/users/resolve/ok-${run}`)).status).toBe(404);
  });

  it('lists users with a query and pages forwards and backwards with opaque cursors', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await create(`page${i}-${run}`, { address: `paged${i}@p${run}.example` });
      ids.push(response.body['id'] as string);
    }
    const list = (query: string) => api.call<ListBody>('GET', `/users?${query}`);
    const first = await list(`query=-${run}&limit=2`);
    expect(first.status).toBe(200);
    // The five paged users plus the one from the first test share the run suffix.
    expect(first.body).toMatchObject({ success: true, total: 6, previousCursor: false, page: 1 });
    expect(first.body.results).toHaveLength(2);
    const seen = [...first.body.results];
    let page = first;
    while (page.body.nextCursor) {
      const previous: ListBody = page.body;
      page = await list(`query=-${run}&limit=2&next=${previous.nextCursor as string}`);
      expect(page.body.previousCursor).not.toBe(false);
      seen.push(...page.body.results);
    }
    expect(seen.map((user) => user.id).sort()).toEqual(seen.map((user) => user.id));
    expect(new Set(seen.map((user) => user.id)).size).toBe(6);
    expect(seen.map((user) => user.id)).toEqual(expect.arrayContaining(ids));

    // And back: the previous cursor of the last page gives the page before it.
    const back = await list(`query=-${run}&limit=2&previous=${page.body.previousCursor as string}`);
    expect(back.body.results.map((user) => user.id)).toEqual(seen.slice(2, 4).map((user) => user.id));
    expect(back.body.nextCursor).not.toBe(false);

    const byAddress = await list(`query=paged3@p${run}`);
    expect(byAddress.body.results).toEqual([
      expect.objectContaining({ id: ids[3], address: `paged3@p${run}.example` }),
    ]);
    expect((await list('next=garbage')).status).toBe(400);
    expect((await list('limit=0')).status).toBe(400);
    expect((await list('limit=251')).status).toBe(400);
  });

  it('resolves usernames and addresses to ids, 404 for unknown ones', async () => {
    expect((await api.call('GET', `/users/resolve/${alice.user.username}`)).body).toEqual({
      success: true,
      id: alice.id,
    });
    const byAddress = await api.call(
      'GET',
      `/users/resolve/${alice.user.username.toUpperCase()}@example.test`,
    );
    expect(byAddress.body['id']).toBe(alice.id);
    const unknown = await api.call('GET', `/users/resolve/nobody-${run}`);
    expect([unknown.status, unknown.body['code']]).toEqual([404, 'UserNotFound']);
  });

  it('keeps root-only routes from user tokens and other users out of each other', async () => {
    for (const [method, path] of [
      ['GET', '/users'],
      ['POST', '/users'],
      ['GET', `/users/resolve/${alice.user.username}`],
      ['DELETE', `/users/${alice.id}`],
      ['POST', '/quota/reset'],
      ['POST', `/users/${alice.id}/tokens`],
    ] as const) {
      const json = method === 'GET' ? undefined : {};
      const response = await api.call(method, path, { token: alice.token, json });
      expect([method, path, response.status]).toEqual([method, path, 403]);
    }
    for (const [method, path] of [
      ['GET', `/users/${bob.id}`],
      ['PUT', `/users/${bob.id}`],
      ['PUT', `/users/${bob.id}/logout`],
      ['POST', `/users/${bob.id}/quota/reset`],
      ['GET', `/users/${bob.id}/tokens`],
    ] as const) {
      const json = method === 'GET' ? undefined : {};
      const response = await api.call(method, path, { token: alice.token, json });
      expect([method, path, response.status, response.body['code']]).toEqual([
        method,
        path,
        403,
        'MissingPrivileges',
      ]);
    }
    expect((await api.call('GET', `/users/${alice.id}`, { token: alice.token })).status).toBe(200);
    expect((await api.call('GET', '/users/not-an-id')).status).toBe(400);
    const missing = await api.call('GET', `/users/${new ObjectId().toHexString()}`);
    expect([missing.status, missing.body['code']]).toEqual([404, 'UserNotFound']);
  });

  it('lets a user rename themselves but not raise their quota or re-enable themselves', async () => {
    const renamed = await api.call('PUT', `/users/${alice.id}`, {
      token: alice.token,
      json: { name: 'Alice' },
    });
    expect(renamed.status).toBe(200);
    expect((await api.call('GET', `/users/${alice.id}`)).body['name']).toBe('Alice');
    for (const json of [{ quota: 10 }, { disabled: false }, { recipients: 5 }]) {
      const response = await api.call('PUT', `/users/${alice.id}`, { token: alice.token, json });
      expect(response.status).toBe(403);
    }
    const typed = await api.call('PUT', `/users/${alice.id}`, { json: { quota: 'lots' } });
    expect(typed.status).toBe(400);
  });

  it('refuses writes with a read-only token', async () => {
    const issued = await api.call('POST', `/users/${alice.id}/tokens`, { json: { role: 'readonly' } });
    expect(issued.status).toBe(200);
    const readonly = issued.body['token'] as string;
    expect((await api.call('GET', `/users/${alice.id}`, { token: readonly })).status).toBe(200);
    for (const [method, path] of [
      ['PUT', `/users/${alice.id}`],
      ['PUT', `/users/${alice.id}/logout`],
      ['POST', `/users/${alice.id}/quota/reset`],
      ['DELETE', `/users/${alice.id}/tokens/0123456789abcdef`],
    ] as const) {
      const response = await api.call(method, path, { token: readonly, json: { name: 'x' } });
      expect([path, response.status]).toEqual([path, 403]);
    }
  });

  it('applies root updates: quota, limits, disabled', async () => {
    const user = await api.createUser('uupd');
    const updated = await api.call('PUT', `/users/${user.id}`, {
      json: { quota: 4096, forwards: 7, pop3MaxDownload: 1000, disabled: true },
    });
    expect(updated.status).toBe(200);
    const body = (await api.call('GET', `/users/${user.id}`)).body;
    expect(body).toMatchObject({
      quota: { allowed: 4096 },
      disabled: true,
      limits: { forwards: { allowed: 7 }, pop3Download: { allowed: 1000 } },
    });
    const login = await api.call('POST', '/authenticate', {
      token: null,
      json: { username: user.user.username, password: user.password },
    });
    expect(login.status).toBe(403);
  });

  it('changes a password: the user needs the existing one, and other tokens are revoked', async () => {
    const carol = await api.createUser('ucarol');
    const other = (await api.call('POST', `/users/${carol.id}/tokens`, { json: {} })).body['token'] as string;
    const without = await api.call('PUT', `/users/${carol.id}`, {
      token: carol.token,
      json: { password: 'new-password-1' },
    });
    expect([without.status, without.body['code']]).toEqual([403, 'AuthFailed']);
    const wrong = await api.call('PUT', `/users/${carol.id}`, {
      token: carol.token,
      json: { password: 'new-password-1', existingPassword: 'not the password' },
    });
    expect(wrong.status).toBe(403);
    const changed = await api.call('PUT', `/users/${carol.id}`, {
      token: carol.token,
      json: { password: 'new-password-1', existingPassword: carol.password },
    });
    expect(changed.status).toBe(200);
    expect((await api.call('GET', `/users/${carol.id}`, { token: other })).status).toBe(401);
    expect((await api.call('GET', `/users/${carol.id}`, { token: carol.token })).status).toBe(200);
    const login = await api.call('POST', '/authenticate', {
      token: null,
      json: { username: carol.user.username, password: 'new-password-1' },
    });
    expect(login.status).toBe(200);

    // Root changes it without the old one and every token goes, the caller's included.
    expect(
      (await api.call('PUT', `/users/${carol.id}`, { json: { password: 'new-password-2' } })).status,
    ).toBe(200);
    expect((await api.call('GET', `/users/${carol.id}`, { token: carol.token })).status).toBe(401);
  });

  it('logs a user out everywhere', async () => {
    const dave = await api.createUser('udave');
    const second = (await api.call('POST', `/users/${dave.id}/tokens`, { json: {} })).body['token'] as string;
    const logout = await api.call('PUT', `/users/${dave.id}/logout`, { token: dave.token, json: {} });
    expect(logout.body).toEqual({ success: true });
    for (const token of [dave.token, second])
      expect((await api.call('GET', '/authenticate', { token })).status).toBe(401);
  });

  it('issues, lists and revokes tokens', async () => {
    const erin = await api.createUser('uerin');
    const issued = await api.call('POST', `/users/${erin.id}/tokens`, {
      json: { role: 'readonly', ttlSeconds: 600, description: 'dashboard' },
    });
    expect(issued.body).toEqual({
      success: true,
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      token: expect.stringMatching(/^[0-9a-f]{48}$/),
      expires: expect.any(String),
    });
    const expires = Date.parse(issued.body['expires'] as string);
    expect(Math.abs(expires - Date.now() - 600_000)).toBeLessThan(60_000);
    const listed = await api.call('GET', `/users/${erin.id}/tokens`, { token: erin.token });
    const results = listed.body['results'] as Record<string, unknown>[];
    expect(results).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: issued.body['id'], role: 'readonly' })]),
    );
    expect(JSON.stringify(listed.body)).not.toContain(issued.body['token'] as string);
    // Another user's token id under one's own user is simply not found.
    const bobs = (await api.call('GET', `/users/${bob.id}/tokens`)).body['results'] as { id: string }[];
    const foreign = await api.call(
      'DELETE',
      `/users/${erin.id}/tokens/${bobs[0]?.id ?? '0123456789abcdef'}`,
      {
        token: erin.token,
      },
    );
    expect([foreign.status, foreign.body['code']]).toEqual([404, 'TokenNotFound']);
    const revoked = await api.call('DELETE', `/users/${erin.id}/tokens/${issued.body['id'] as string}`, {
      token: erin.token,
    });
    expect(revoked.status).toBe(200);
    expect((await api.call('GET', '/authenticate', { token: issued.body['token'] as string })).status).toBe(
      401,
    );
    expect((await api.call('POST', `/users/${erin.id}/tokens`, { json: { role: 'root' } })).status).toBe(400);
    expect((await api.call('DELETE', `/users/${erin.id}/tokens/xyz`)).status).toBe(400);
  });

  it('recounts storage for one user and for all users', async () => {
    const frank = await api.createUser('ufrank');
    const inbox = await api.store.mailboxes.getByPath(frank.user._id, 'INBOX');
    const raw = sample('quota');
    await api.store.ingest.add(inbox, raw);
    await api.store.quota.adjust(frank.user._id, 12345);
    const reset = await api.call('POST', `/users/${frank.id}/quota/reset`, { token: frank.token, json: {} });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({
      success: true,
      storageUsed: raw.length,
      previousStorageUsed: raw.length + 12345,
    });
    await api.store.quota.adjust(frank.user._id, 99);
    const all = await api.call('POST', '/quota/reset', { json: {} });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ success: true, users: expect.any(Number) });
    expect(all.body['users']).toBeGreaterThanOrEqual(2);
    expect((await api.store.quota.usage(frank.user._id)).used).toBe(raw.length);
  });

  it('deletes a user completely: mailboxes, messages, addresses, filters, tokens', async () => {
    const gone = await api.createUser('ugone');
    const inbox = await api.store.mailboxes.getByPath(gone.user._id, 'INBOX');
    await api.store.ingest.add(inbox, sample('bye'));
    const denied = await api.call('DELETE', `/users/${gone.id}`, { token: gone.token });
    expect(denied.status).toBe(403);
    const deleted = await api.call('DELETE', `/users/${gone.id}`);
    expect(deleted.body).toEqual({ success: true });
    expect((await api.call('GET', `/users/${gone.id}`)).status).toBe(404);
    expect((await api.call('GET', '/authenticate', { token: gone.token })).status).toBe(401);
    expect(await api.accounts.addresses.findUserByAddress(`${gone.user.username}@example.test`)).toBeNull();
    expect(await api.store.mailboxes.list(gone.user._id)).toEqual([]);
    expect(await api.store.db.collection('messages').countDocuments({ user: gone.user._id })).toBe(0);
    expect((await api.call('DELETE', `/users/${gone.id}`)).status).toBe(404);
  });

  it('documents the account routes in the OpenAPI document', async () => {
    const document = await api.call('GET', '/openapi.json', { token: null });
    const paths = Object.keys(document.body['paths'] as object);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/users',
        '/users/{user}',
        '/users/resolve/{username}',
        '/users/{user}/logout',
        '/users/{user}/quota/reset',
        '/quota/reset',
        '/users/{user}/tokens',
        '/users/{user}/tokens/{token}',
        '/users/{user}/addresses',
        '/users/{user}/addresses/{address}',
        '/addresses',
        '/addresses/resolve/{address}',
        '/addresses/forwarded',
        '/addresses/forwarded/{id}',
        '/domainaliases',
        '/domainaliases/{alias}',
        '/users/{user}/asps',
        '/users/{user}/asps/{asp}',
      ]),
    );
  });
});
