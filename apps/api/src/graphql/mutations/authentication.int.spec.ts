import { startApiHarness, type ApiHarness, type TestUser } from '../../testing/api-test.harness';
import { dataOf, errorCode, graphqlCall } from './graphql-call.test-helper';

const SIGN_IN = `mutation ($u: String!, $p: String!, $ro: Boolean) {
  authenticate(username: $u, password: $p, readOnly: $ro) { token expires user { id username } }
}`;

interface SignedIn {
  authenticate: { token: string; expires: string; user: { id: string; username: string } };
}

describe('GraphQL sign-in and sign-out', () => {
  let api: ApiHarness;
  let alice: TestUser;

  beforeAll(async () => {
    api = await startApiHarness((config) => {
      config.limits.authFailuresPerWindow = 3;
    });
    alice = await api.createUser('gqlauth');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('issues a token for the right password that then reads only its own graph', async () => {
    const reply = await graphqlCall<SignedIn>(
      api,
      SIGN_IN,
      { u: alice.user.username, p: alice.password },
      null,
    );
    const signedIn = dataOf<SignedIn>(reply).authenticate;
    expect(signedIn.user).toEqual({ id: alice.id, username: alice.user.username });
    expect(signedIn.token).toMatch(/^[0-9a-f]{48}$/);
    expect(new Date(signedIn.expires).getTime()).toBeGreaterThan(Date.now());
    const me = dataOf(await graphqlCall(api, '{ me { id } }', {}, signedIn.token));
    expect(me['me']).toEqual({ id: alice.id });
  });

  it('answers UNAUTHENTICATED for a wrong password, and RATE_LIMITED once the budget is spent', async () => {
    const user = await api.createUser('gqlauthlimit');
    const wrong = () => graphqlCall(api, SIGN_IN, { u: user.user.username, p: 'not it' }, null);
    // The budget allows three failures; the fourth crosses it and every later attempt is refused.
    for (let i = 0; i < 4; i++) {
      const failed = await wrong();
      expect(errorCode(failed)).toBe('UNAUTHENTICATED');
      expect(failed.data).toBeNull();
    }
    const limited = await wrong();
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.errors[0]?.extensions?.['retryAfterSeconds']).toEqual(expect.any(Number));
    // Even the right password waits until the window passes, as over IMAP.
    const right = await graphqlCall(api, SIGN_IN, { u: user.user.username, p: user.password }, null);
    expect(errorCode(right)).toBe('RATE_LIMITED');
  });

  it('issues read-only tokens that may not mutate', async () => {
    const user = await api.createUser('gqlauthro');
    const { token } = dataOf(
      await graphqlCall<SignedIn>(api, SIGN_IN, { u: user.user.username, p: user.password, ro: true }, null),
    ).authenticate;
    const refused = await graphqlCall(api, 'mutation { createMailbox(path: "Nope") { id } }', {}, token);
    expect(errorCode(refused)).toBe('FORBIDDEN');
  });

  it('signs out by revoking the token the request carried', async () => {
    const user = await api.createUser('gqlauthout');
    const { token } = dataOf(
      await graphqlCall<SignedIn>(api, SIGN_IN, { u: user.user.username, p: user.password }, null),
    ).authenticate;
    expect(dataOf(await graphqlCall(api, 'mutation { signOut }', {}, token))['signOut']).toBe(true);
    expect(errorCode(await graphqlCall(api, '{ me { id } }', {}, token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await graphqlCall(api, 'mutation { signOut }', {}, null))).toBe('UNAUTHENTICATED');
  });
});
