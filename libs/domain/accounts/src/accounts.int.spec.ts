import type { MongoClient } from 'mongodb';
import type Redis from 'ioredis';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { MailStore } from '@eider/mailstore';
import { createRedisClient } from '@eider/redis';
import { connectTestDatabase, testConfig } from '@eider/testing';
import { Accounts } from './accounts.factory';
import { isAccountsError } from './errors/accounts.error';

describe('Accounts (real store and Redis)', () => {
  const config = testConfig();
  let client: MongoClient;
  let redis: Redis;
  let accounts: Accounts;
  let store: MailStore;
  const run = `${process.pid}${Date.now() % 100000}`;
  const login = (username: string, password: string, remoteAddress = '192.0.2.1') =>
    accounts.auth.authenticate({ username, password, remoteAddress, protocol: 'imap' });

  beforeAll(async () => {
    const connection = await connectTestDatabase();
    client = connection.client;
    await ensureIndexes(connection.db);
    store = new MailStore(connection.db, await detectStoreCapabilities(connection.db), {
      maxMessageSize: 1 << 20,
      journalRetentionSeconds: 3600,
    });
    redis = createRedisClient({ url: config.redis.url, connectionName: 'accounts-test' });
    accounts = new Accounts(store, redis, {
      keyPrefix: `${config.redis.keyPrefix}accounts-test:${run}:`,
      authFailuresPerWindow: 3,
      authFailureWindowSeconds: 60,
    });
  });
  afterAll(async () => {
    await redis.quit();
    await client.close();
  });

  it('logs in by username, by address and by the IDN form of the address', async () => {
    const user = await accounts.createAccount({
      username: `andris${run}`,
      password: 'correct horse',
      address: `андрис${run}@уайлддак.орг`,
    });
    for (const name of [
      `andris${run}`,
      `АНДРИС${run}@уайлддак.орг`,
      `андрис${run}@xn--80aalaxjd5d.xn--c1avg`,
    ]) {
      const outcome = await login(name, 'correct horse');
      expect(outcome.ok && outcome.user._id.equals(user._id) && outcome.via).toBe('password');
    }
    expect(await login(`andris${run}`, 'wrong horse')).toEqual({ ok: false, reason: 'invalid' });
    expect(await login(`nobody${run}`, 'correct horse')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('accepts application passwords, typed with spaces or capitals, until they are deleted', async () => {
    const user = await accounts.createAccount({ username: `apps${run}`, password: 'main password' });
    const app = await accounts.credentials.createAppPassword(user._id, 'Thunderbird');
    expect(app.password).toMatch(/^[a-z]{16}$/);
    const typed = app.password.toUpperCase().replace(/(.{4})/g, '$1 ');
    const outcome = await login(`apps${run}`, typed);
    expect(outcome.ok && outcome.via).toBe('app-password');
    const listed = await accounts.credentials.listAppPasswords(user._id);
    expect(listed).toEqual([
      expect.objectContaining({ id: app.id, description: 'Thunderbird', lastUsed: expect.any(Date) }),
    ]);
    await accounts.credentials.deleteAppPassword(user._id, app.id);
    expect((await login(`apps${run}`, app.password)).ok).toBe(false);
  });

  it('honours application password scopes per protocol, while the main password works everywhere', async () => {
    const user = await accounts.createAccount({ username: `scoped${run}`, password: 'main password' });
    const imapOnly = await accounts.credentials.createAppPassword(user._id, 'Mail app', ['imap']);
    const pop3AndSmtp = await accounts.credentials.createAppPassword(user._id, 'Fetcher', ['pop3', 'smtp']);
    const everything = await accounts.credentials.createAppPassword(user._id, 'All', ['imap', '*']);
    expect([imapOnly.scopes, pop3AndSmtp.scopes, everything.scopes]).toEqual([
      ['imap'],
      ['pop3', 'smtp'],
      ['*'],
    ]);
    const attempt = (password: string, protocol: 'imap' | 'pop3' | 'api') =>
      accounts.auth
        .authenticate({ username: `scoped${run}`, password, remoteAddress: '192.0.2.7', protocol })
        .then((outcome) => (outcome.ok ? outcome.via : outcome.reason));
    expect(await attempt(imapOnly.password, 'imap')).toBe('app-password');
    expect(await attempt(imapOnly.password, 'pop3')).toBe('invalid');
    expect(await attempt(pop3AndSmtp.password, 'pop3')).toBe('app-password');
    expect(await attempt(pop3AndSmtp.password, 'imap')).toBe('invalid');
    // API and webmail logins are `master`: only a `*` password or the real one opens them.
    expect(await attempt(imapOnly.password, 'api')).toBe('invalid');
    expect(await attempt(everything.password, 'api')).toBe('app-password');
    for (const protocol of ['imap', 'pop3', 'api'] as const)
      expect(await attempt('main password', protocol)).toBe('password');
    expect(await accounts.credentials.getAppPassword(user._id, imapOnly.id)).toMatchObject({
      scopes: ['imap'],
    });
  });

  it('refuses a disabled user only once the password is right', async () => {
    const user = await accounts.createAccount({ username: `off${run}`, password: 'secret pass' });
    await store.users.setDisabled(user._id, true);
    expect(await login(`off${run}`, 'secret pass')).toEqual({ ok: false, reason: 'disabled' });
    expect(await login(`off${run}`, 'not it at all')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rate-limits failures per account, refusing even the right password until the window ends', async () => {
    await accounts.createAccount({ username: `limited${run}`, password: 'right password' });
    for (let i = 0; i < 3; i += 1)
      expect((await login(`limited${run}`, 'wrong', '192.0.2.50')).ok).toBe(false);
    // The fourth failure crosses the budget of three.
    await login(`limited${run}`, 'wrong', '192.0.2.50');
    const refused = await login(`limited${run}`, 'right password', '192.0.2.51');
    expect(refused).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: expect.any(Number) });
  });

  it('resolves exact, subaddressed, aliased, catch-all and forwarded recipients', async () => {
    const domain = `d${run}.example`;
    const user = await accounts.createAccount({ username: `res${run}`, address: `Res@${domain}` });
    const other = await accounts.createAccount({ username: `catch${run}`, address: `catch@${domain}` });
    await accounts.addresses.addDomainAlias(`alias${run}.example`, domain);
    await accounts.addresses.addCatchAll(domain, other._id);
    await accounts.addresses.addForwardedAddress(`fwd@${domain}`, [
      'elsewhere@example.net',
      'https://hooks.example/in',
    ]);

    expect(await accounts.addresses.resolve(`RES@${domain.toUpperCase()}`)).toEqual({
      kind: 'user',
      userId: user._id,
      address: `res@${domain}`,
      tag: null,
    });
    expect(await accounts.addresses.resolve(`res+News@${domain}`)).toMatchObject({
      kind: 'user',
      tag: 'news',
    });
    expect(await accounts.addresses.resolve(`res@alias${run}.example`)).toMatchObject({
      kind: 'user',
      address: `res@${domain}`,
    });
    const caught = await accounts.addresses.resolve(`anything@${domain}`);
    expect(caught.kind === 'user' && caught.userId.equals(other._id)).toBe(true);
    expect(await accounts.addresses.resolve(`fwd@${domain}`)).toEqual({
      kind: 'forward',
      address: `fwd@${domain}`,
      targets: ['elsewhere@example.net', 'https://hooks.example/in'],
    });
    expect(await accounts.addresses.resolve(`someone@unknown${run}.example`)).toEqual({ kind: 'unknown' });
    expect(await accounts.addresses.resolve('not an address')).toEqual({ kind: 'invalid' });
  });

  it('keeps each address with one owner and rolls back a half-created account', async () => {
    const domain = `own${run}.example`;
    await accounts.createAccount({ username: `first${run}`, address: `taken@${domain}` });
    await expect(
      accounts.createAccount({ username: `second${run}`, address: `TAKEN@${domain}` }),
    ).rejects.toSatisfy((error: unknown) => isAccountsError(error) && error.code === 'ADDRESS_EXISTS');
    await expect(store.users.getByUsername(`second${run}`)).rejects.toThrow();
    await expect(accounts.createAccount({ username: `weak${run}`, password: 'short' })).rejects.toSatisfy(
      (error: unknown) => isAccountsError(error) && error.code === 'WEAK_PASSWORD',
    );
  });
});
