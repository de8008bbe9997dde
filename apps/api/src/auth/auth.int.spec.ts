import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

describe('API authentication and the error shape', () => {
  let api: ApiHarness;
  let alice: TestUser;

  beforeAll(async () => {
    api = await startApiHarness((config) => {
      config.limits.authFailuresPerWindow = 3;
    });
    alice = await api.createUser('auth');
  });
  afterAll(async () => api?.close());

  it('tells the root token apart from a user token', async () => {
    expect((await api.call('GET', '/authenticate')).body).toEqual({
      success: true,
      role: 'root',
      user: null,
    });
  });

  it('refuses a protected route without a token, and with a wrong one, as 401 InvalidToken', async () => {
    const none = await api.call('GET', '/authenticate', { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: expect.any(String), code: 'InvalidToken' });
    const wrong = await api.call('GET', '/authenticate', { token: 'not-a-token' });
    expect(wrong.status).toBe(401);
  });

  it('answers an unknown route 404 RouteNotFound once authenticated, without a stack trace', async () => {
    const response = await api.call('GET', '/no/such/route');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'No such route', code: 'RouteNotFound' });
  });

  it('keeps /health public', async () => {
    const response = await api.call('GET', '/health', { token: null });
    expect([200, 503]).toContain(response.status);
  });

  it('issues a token for the right password, which then works as Bearer and X-Access-Token', async () => {
    const login = await api.call('POST', '/authenticate', {
      token: null,
      json: { username: alice.user.username, password: alice.password },
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ success: true, id: alice.id, username: alice.user.username });
    const token = login.body['token'] as string;
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    const bearer = await api.call('GET', '/authenticate', {
      token: null,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.body).toEqual({ success: true, role: 'user', user: alice.id });
    const logout = await api.call('DELETE', '/authenticate', { token });
    expect(logout.status).toBe(200);
    const after = await api.call('GET', '/authenticate', { token });
    expect(after.status).toBe(401);
  });

  it('answers a wrong password 403 AuthFailed, then 429 once the budget is spent', async () => {
    const user = await api.createUser('limited');
    const attempt = () =>
      api.call('POST', '/authenticate', {
        token: null,
        json: { username: user.user.username, password: 'wrong password' },
      });
    // The budget allows three failures; the fourth crosses it and every later attempt is refused.
    for (let i = 0; i < 4; i++) expect((await attempt()).body['code']).toBe('AuthFailed');
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body['code']).toBe('RateLimitedError');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('rejects invalid JSON, unknown fields and wrong types as 400 InputValidationError', async () => {
    const broken = await api.call('POST', '/authenticate', {
      token: null,
      body: '{"username":',
      contentType: 'application/json',
    });
    expect(broken.status).toBe(400);
    expect(broken.body['code']).toBe('InputValidationError');
    const extra = await api.call('POST', '/authenticate', {
      token: null,
      json: { username: 'a', password: 'b', admin: true },
    });
    expect(extra.status).toBe(400);
    const typed = await api.call('POST', '/authenticate', {
      token: null,
      json: { username: 5, password: 'b' },
    });
    expect(typed.status).toBe(400);
    expect(typed.body['error']).toMatch(/username/);
  });

  it('refuses an oversized body with 413 before reading it all', async () => {
    const small = await startApiHarness((config) => {
      config.api.maxBodyBytes = 1024;
    });
    try {
      const response = await small.call('POST', '/authenticate', {
        token: null,
        json: { username: 'x'.repeat(4096), password: 'y' },
      });
      expect(response.status).toBe(413);
      expect(response.body['code']).toBe('PayloadTooLarge');
    } finally {
      await small.close();
    }
  });

  it('serves a valid OpenAPI 3 document', async () => {
    const response = await api.call('GET', '/openapi.json', { token: null });
    expect(response.status).toBe(200);
    expect(response.body['openapi']).toMatch(/^3\./);
    expect(Object.keys(response.body['paths'] as object)).toContain('/authenticate');
  });
});
