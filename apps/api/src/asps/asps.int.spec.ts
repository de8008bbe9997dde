import { ObjectId } from 'mongodb';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

describe('application passwords API', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('palice');
    bob = await api.createUser('pbob');
  });
  afterAll(async () => api?.close());

  const login = (user: TestUser, password: string, protocol: 'imap' | 'pop3' | 'api') =>
    api.accounts.auth.authenticate({
      username: user.user.username,
      password,
      remoteAddress: '192.0.2.9',
      protocol,
    });

  it('creates a scoped password shown once, which logs into IMAP but not POP3', async () => {
    const created = await api.call('POST', `/users/${alice.id}/asps`, {
      token: alice.token,
      json: { description: 'Phone mail', scopes: ['imap'] },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      success: true,
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      password: expect.stringMatching(/^[a-z]{16}$/),
      scopes: ['imap'],
    });
    const password = created.body['password'] as string;
    const imap = await login(alice, password, 'imap');
    expect(imap.ok && imap.via).toBe('app-password');
    expect((await login(alice, password, 'pop3')).ok).toBe(false);
    expect((await login(alice, password, 'api')).ok).toBe(false);
    expect(
      (
        await api.call('POST', '/authenticate', {
          token: null,
          json: { username: alice.user.username, password },
        })
      ).status,
    ).toBe(403);

    const listed = await api.call('GET', `/users/${alice.id}/asps`, { token: alice.token });
    expect(listed.body['results']).toEqual([
      {
        id: created.body['id'],
        description: 'Phone mail',
        scopes: ['imap'],
        lastUse: { time: expect.any(String) },
        created: expect.any(String),
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(password);
    const one = await api.call('GET', `/users/${alice.id}/asps/${created.body['id'] as string}`);
    expect(one.body).toMatchObject({ success: true, id: created.body['id'], scopes: ['imap'] });

    const deleted = await api.call('DELETE', `/users/${alice.id}/asps/${created.body['id'] as string}`, {
      token: alice.token,
    });
    expect(deleted.status).toBe(200);
    expect((await login(alice, password, 'imap')).ok).toBe(false);
    expect((await api.call('GET', `/users/${alice.id}/asps/${created.body['id'] as string}`)).status).toBe(
      404,
    );
  });

  it('defaults to every scope, and can return an Apple configuration profile', async () => {
    const created = await api.call('POST', `/users/${alice.id}/asps`, {
      json: { description: 'Laptop', generateMobileconfig: true },
    });
    expect(created.body['scopes']).toEqual(['*']);
    const password = created.body['password'] as string;
    for (const protocol of ['imap', 'pop3', 'api'] as const)
      expect((await login(alice, password, protocol)).ok).toBe(true);
    const profile = Buffer.from(created.body['mobileconfig'] as string, 'base64').toString('utf8');
    expect(profile).toContain('<key>IncomingPassword</key>');
    expect(profile).toContain(password);
    expect(profile).toContain(`${alice.user.username}@example.test`);
  });

  it('validates input, scopes ids to the user, and refuses other users and read-only tokens', async () => {
    for (const json of [
      { description: '' },
      { description: 'x', scopes: ['ftp'] },
      { description: 'x', scopes: [] },
      { description: 'x', scopes: 'imap' },
      { description: 'x', extra: true },
      { scopes: ['imap'] },
    ]) {
      const response = await api.call('POST', `/users/${alice.id}/asps`, { json });
      expect([JSON.stringify(json), response.status]).toEqual([JSON.stringify(json), 400]);
    }
    const bobs = await api.call('POST', `/users/${bob.id}/asps`, {
      token: bob.token,
      json: { description: 'b' },
    });
    const bobId = bobs.body['id'] as string;
    for (const method of ['GET', 'DELETE'] as const) {
      const response = await api.call(method, `/users/${alice.id}/asps/${bobId}`, { token: alice.token });
      expect([method, response.status, response.body['code']]).toEqual([
        method,
        404,
        'ApplicationPasswordNotFound',
      ]);
    }
    expect((await login(bob, bobs.body['password'] as string, 'imap')).ok).toBe(true);
    for (const [method, path] of [
      ['GET', `/users/${bob.id}/asps`],
      ['POST', `/users/${bob.id}/asps`],
      ['GET', `/users/${bob.id}/asps/${bobId}`],
      ['DELETE', `/users/${bob.id}/asps/${bobId}`],
    ] as const) {
      const response = await api.call(method, path, {
        token: alice.token,
        ...(method === 'POST' ? { json: { description: 'steal' } } : {}),
      });
      expect([path, response.status]).toEqual([path, 403]);
    }
    const readonly = (await api.call('POST', `/users/${alice.id}/tokens`, { json: { role: 'readonly' } }))
      .body['token'] as string;
    expect((await api.call('GET', `/users/${alice.id}/asps`, { token: readonly })).status).toBe(200);
    const write = await api.call('POST', `/users/${alice.id}/asps`, {
      token: readonly,
      json: { description: 'r' },
    });
    expect(write.status).toBe(403);
    expect((await api.call('GET', `/users/${alice.id}/asps/nope`)).status).toBe(400);
    const unknownUser = new ObjectId().toHexString();
    expect((await api.call('GET', `/users/${unknownUser}/asps`)).status).toBe(404);
    expect(
      (await api.call('POST', `/users/${unknownUser}/asps`, { json: { description: 'x' } })).status,
    ).toBe(404);
  });
});
