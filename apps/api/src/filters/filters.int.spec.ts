import { randomBytes } from 'node:crypto';
import { AccessTokenService } from '@eider/accounts';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

interface FilterBody {
  id: string;
  name: string;
  query: Record<string, unknown>;
  action: Record<string, unknown>;
  disabled: boolean;
  created: string;
}

describe('filters API', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  let aliceInbox: string;
  let bobInbox: string;

  const mailboxId = async (user: TestUser, path: string): Promise<string> =>
    (await api.store.mailboxes.getByPath(user.user._id, path))._id.toHexString();

  const create = (user: TestUser, json: unknown, token: string | null = user.token) =>
    api.call<{ id: string }>('POST', `/users/${user.id}/filters`, { token, json });

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('filtera');
    bob = await api.createUser('filterb');
    aliceInbox = await mailboxId(alice, 'Archive');
    bobInbox = await mailboxId(bob, 'Archive');
  });
  afterAll(async () => api?.close());

  it('creates, lists, gets, updates and deletes a filter', async () => {
    const created = await create(alice, {
      name: 'Invoices',
      query: { from: 'billing@example.com', subject: 'invoice', ha: true, size: 1000 },
      action: { seen: true, mailbox: aliceInbox, targets: ['copy@example.org'] },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ success: true, id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const id = created.body.id;

    const list = await api.call<{ results: FilterBody[]; limits: unknown }>(
      'GET',
      `/users/${alice.id}/filters`,
      {
        token: alice.token,
      },
    );
    expect(list.status).toBe(200);
    expect(list.body.limits).toEqual({
      allowedForwards: expect.any(Number),
      forwardsSent: expect.any(Number),
    });
    expect(list.body.results).toEqual([
      {
        id,
        user: alice.id,
        name: 'Invoices',
        query: { from: 'billing@example.com', subject: 'invoice', ha: true, size: 1000 },
        action: { seen: true, mailbox: aliceInbox, targets: ['copy@example.org'] },
        disabled: false,
        created: expect.any(String),
      },
    ]);

    const one = await api.call<FilterBody>('GET', `/users/${alice.id}/filters/${id}`, { token: alice.token });
    expect(one.body).toMatchObject({ success: true, id, name: 'Invoices' });

    const updated = await api.call('PUT', `/users/${alice.id}/filters/${id}`, {
      token: alice.token,
      json: { name: 'Bills', action: { flag: true }, disabled: true },
    });
    expect(updated.body).toEqual({ success: true });
    const after = await api.call<FilterBody>('GET', `/users/${alice.id}/filters/${id}`, {
      token: alice.token,
    });
    expect(after.body).toMatchObject({
      name: 'Bills',
      disabled: true,
      action: { flag: true },
      query: { from: 'billing@example.com' },
    });
    expect(after.body.action).not.toHaveProperty('mailbox');

    const deleted = await api.call('DELETE', `/users/${alice.id}/filters/${id}`, { token: alice.token });
    expect(deleted.body).toEqual({ success: true });
    const gone = await api.call('GET', `/users/${alice.id}/filters/${id}`, { token: alice.token });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: expect.any(String), code: 'FilterNotFound' });
  });

  it('rejects bad input as 400 InputValidationError', async () => {
    const cases: unknown[] = [
      { query: { from: 'x' }, action: {} },
      { query: { from: 5 }, action: { seen: true } },
      { query: { size: 0 }, action: { seen: true } },
      { query: {}, action: { seen: 'yes' } },
      { query: {}, action: { targets: ['not an address'] } },
      { query: {}, action: { mailbox: 'INBOX' } },
      { query: { unknown: 'x' }, action: { seen: true } },
      { query: {}, action: { seen: true }, extra: 1 },
      { action: { seen: true } },
    ];
    for (const json of cases) {
      const response = await create(alice, json);
      expect({ json, status: response.status, code: response.body['code'] }).toEqual({
        json,
        status: 400,
        code: 'InputValidationError',
      });
    }
    const badId = await api.call('GET', `/users/${alice.id}/filters/nope`, { token: alice.token });
    expect(badId.status).toBe(400);
  });

  it("refuses another user's mailbox as the target with 404 and stores nothing", async () => {
    const response = await create(alice, { query: { from: 'x' }, action: { mailbox: bobInbox } });
    expect(response.status).toBe(404);
    expect(response.body['code']).toBe('NoSuchMailbox');
    const list = await api.call<{ results: unknown[] }>('GET', `/users/${alice.id}/filters`, {
      token: alice.token,
    });
    expect(list.body.results).toEqual([]);
  });

  it("keeps users apart: 403 on another user's path, 404 for another user's filter id", async () => {
    const bobs = await create(bob, { query: { subject: 'secret' }, action: { seen: true } });
    const bobFilter = bobs.body.id;
    expect((await api.call('GET', `/users/${bob.id}/filters`, { token: alice.token })).status).toBe(403);
    expect((await create(bob, { query: {}, action: { seen: true } }, alice.token)).status).toBe(403);
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await api.call(method, `/users/${alice.id}/filters/${bobFilter}`, {
        token: alice.token,
        ...(method === 'PUT' ? { json: { disabled: true } } : {}),
      });
      expect({ method, status: response.status }).toEqual({ method, status: 404 });
    }
    const still = await api.call<FilterBody>('GET', `/users/${bob.id}/filters/${bobFilter}`, {
      token: bob.token,
    });
    expect(still.body.disabled).toBe(false);
  });

  it('refuses writes with a read-only token and answers 404 for an unknown user', async () => {
    const tokens = api.app.get(AccessTokenService);
    const readOnly = await tokens.issue({ user: alice.user._id, role: 'readonly', ttlSeconds: 600 });
    expect((await api.call('GET', `/users/${alice.id}/filters`, { token: readOnly.token })).status).toBe(200);
    const write = await create(alice, { query: {}, action: { seen: true } }, readOnly.token);
    expect(write.status).toBe(403);
    const unknown = randomBytes(12).toString('hex');
    expect((await api.call('GET', `/users/${unknown}/filters`)).status).toBe(404);
    expect(
      (await api.call('POST', `/users/${unknown}/filters`, { json: { query: {}, action: { seen: true } } }))
        .status,
    ).toBe(404);
  });

  it('lists every filter for root only', async () => {
    const all = await api.call<{ results: FilterBody[]; total: number }>('GET', '/filters?limit=5');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThan(0);
    expect((await api.call('GET', '/filters', { token: alice.token })).status).toBe(403);
    expect((await api.call('GET', '/filters?limit=abc')).status).toBe(400);
  });
});
