import { randomBytes } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { apiCall, startApi, type RunningApi } from '../support/api-process';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const PUBLIC_PATHS = new Set(['/authenticate', '/health']);
const FOREIGN_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
// fetch refuses a body on GET and HEAD; every other method gets an (empty) JSON body.
const bodyFor = (method: string) => (method === 'GET' ? {} : { json: {} });

/**
 * Per-user isolation over every route the API documents: the list comes from the generated OpenAPI
 * document, so a route added later is covered without editing this test.
 */
describe('REST API isolation between users, over every documented route', () => {
  let api: RunningApi;
  let document: OpenApiDocument;
  const suffix = randomBytes(3).toString('hex');
  let alice: { id: string; token: string; inbox: string };
  let bob: { id: string; token: string; inbox: string };

  const makeUser = async (label: string) => {
    const username = `${label}${suffix}`;
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const created = await apiCall(api, 'POST', '/users', {
      json: { username, password, address: `${username}@iso.example` },
    });
    expect(created.status).toBe(200);
    const id = created.body['id'] as string;
    const login = await apiCall(api, 'POST', '/authenticate', { token: null, json: { username, password } });
    const token = login.body['token'] as string;
    const boxes = await apiCall<{ results: { id: string; path: string }[] }>(
      api,
      'GET',
      `/users/${id}/mailboxes`,
      {
        token,
      },
    );
    const inbox = boxes.body.results.find((box) => box.path === 'INBOX')!.id;
    const upload = await apiCall(api, 'POST', `/users/${id}/mailboxes/${inbox}/messages`, {
      token,
      body: Buffer.from(`From: a@iso.example\r\nSubject: private to ${label}\r\n\r\nsecret\r\n`),
      contentType: 'message/rfc822',
    });
    expect(upload.status).toBe(200);
    return { id, token, inbox };
  };

  const fill = (path: string, owner: { id: string; inbox: string }): string =>
    path
      .replace('{user}', owner.id)
      .replace('{mailbox}', owner.inbox)
      .replace('{message}', '1')
      .replace('{attachment}', 'ATT00001')
      .replace(/\{[^}]+\}/g, FOREIGN_ID);

  const operations = (): { method: string; path: string }[] =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => method in item).map((method) => ({ method: method.toUpperCase(), path })),
    );

  beforeAll(async () => {
    api = await startApi();
    const response = await apiCall<OpenApiDocument>(api, 'GET', '/openapi.json', { token: null });
    document = response.body;
    alice = await makeUser('isoa');
    bob = await makeUser('isob');
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('serves an OpenAPI document that validates against the OpenAPI 3 schema', async () => {
    const result = await new Validator().validate(
      document as unknown as Parameters<Validator['validate']>[0],
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\./);
    expect(operations().length).toBeGreaterThan(40);
  });

  it("answers 403 to every route under another user's id, whatever the body, and changes nothing", async () => {
    const failures: string[] = [];
    for (const { method, path } of operations()) {
      if (!path.includes('{user}')) continue;
      const response = await apiCall(api, method, fill(path, alice), {
        token: bob.token,
        ...bodyFor(method),
      });
      if (response.status !== 403) failures.push(`${method} ${path} -> ${response.status}`);
    }
    expect(failures).toEqual([]);
    const still = await apiCall<{ results: unknown[] }>(
      api,
      'GET',
      `/users/${alice.id}/mailboxes/${alice.inbox}/messages`,
      { token: alice.token },
    );
    expect(still.status).toBe(200);
    expect(still.body.results).toHaveLength(1);
  });

  it("answers 404 when a user names another user's mailbox under their own id", async () => {
    const failures: string[] = [];
    for (const { method, path } of operations()) {
      if (!path.includes('{mailbox}') || !['GET', 'DELETE'].includes(method)) continue;
      const target = fill(path, bob).replace(bob.inbox, alice.inbox);
      const response = await apiCall(api, method, target, { token: bob.token });
      if (response.status !== 404) failures.push(`${method} ${path} -> ${response.status}`);
    }
    expect(failures).toEqual([]);
    const still = await apiCall<{ results: unknown[] }>(
      api,
      'GET',
      `/users/${alice.id}/mailboxes/${alice.inbox}/messages`,
      { token: alice.token },
    );
    expect(still.body.results).toHaveLength(1);
  });

  it('keeps the admin routes (those without a user in the path) for the root token', async () => {
    const failures: string[] = [];
    for (const { method, path } of operations()) {
      if (path.includes('{user}') || PUBLIC_PATHS.has(path)) continue;
      const response = await apiCall(api, method, fill(path, bob), { token: bob.token, ...bodyFor(method) });
      if (response.status !== 403) failures.push(`${method} ${path} -> ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses every route without a token', async () => {
    const failures: string[] = [];
    for (const { method, path } of operations()) {
      if (PUBLIC_PATHS.has(path)) continue;
      const response = await apiCall(api, method, fill(path, alice), { token: null, ...bodyFor(method) });
      if (response.status !== 401) failures.push(`${method} ${path} -> ${response.status}`);
    }
    expect(failures).toEqual([]);
  });
});
