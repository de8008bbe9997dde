import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { MongoClient } from 'mongodb';
import { ensureIndexes } from '@eider/mongo';
import { createRedisClient } from '@eider/redis';
import { connectTestDatabase, testConfig } from '@eider/testing';
import { parseEiderArgs } from './eider-args.parser';
import { adminContext, runEider, type AdminContext } from './eider.command';

describe('eider admin commands (real store and Redis)', () => {
  const config = testConfig();
  const run = randomBytes(3).toString('hex');
  let client: MongoClient;
  let redis: Redis;
  let context: AdminContext;

  beforeAll(async () => {
    const connection = await connectTestDatabase();
    client = connection.client;
    await ensureIndexes(connection.db);
    redis = createRedisClient({ url: config.redis.url, connectionName: 'eider-cli-test' });
    context = await adminContext(config, connection.db, redis);
  });
  afterAll(async () => {
    await redis.quit();
    await client.close();
  });

  const eider = async (...args: string[]): Promise<string[]> => {
    const command = parseEiderArgs(args);
    if ('error' in command || command.kind === 'help')
      throw new Error(`bad test arguments ${args.join(' ')}`);
    const lines: string[] = [];
    await runEider(command, context, {
      out: (line) => lines.push(line),
      note: () => undefined,
    });
    return lines;
  };

  it("runs the seed's flow: create a user with an address, add another, issue a token, delete", async () => {
    const username = `cli-${run}`;
    const [id] = await eider(
      'user',
      'create',
      username,
      '--password',
      'cli-password',
      '--address',
      `${username}@example.test`,
    );
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    const login = await context.accounts.auth.authenticate({
      username: `${username}@example.test`,
      password: 'cli-password',
      remoteAddress: '192.0.2.77',
      protocol: 'imap',
    });
    expect(login.ok).toBe(true);

    await eider('address', 'add', username, `андрис${run}@уайлддак.орг`, '--main');
    expect(await eider('address', 'list', username)).toEqual([
      expect.stringMatching(new RegExp(`^[0-9a-f]{24}\\t${username}@example\\.test$`)),
      expect.stringMatching(new RegExp(`^[0-9a-f]{24}\\tандрис${run}@уайлддак\\.орг\\tmain$`)),
    ]);
    const resolved = await context.accounts.addresses.resolve(`андрис${run}@xn--80aalaxjd5d.xn--c1avg`);
    expect(resolved.kind === 'user' && resolved.userId.toHexString()).toBe(id);

    expect(await eider('user', 'list', '--query', `cli-${run}`)).toEqual([
      `${id}\t${username}\tандрис${run}@уайлддак.орг\t0/unlimited\tenabled`,
    ]);

    const [token] = await eider('token', 'create', username, '--readonly', '--ttl', '120');
    const record = await context.accounts.tokens.verify(token ?? '');
    expect(record).toMatchObject({ role: 'readonly' });
    expect(record?.user?.toHexString()).toBe(id);

    await eider('user', 'delete', username);
    expect(await context.accounts.tokens.verify(token ?? '')).toBeNull();
    expect(await eider('user', 'list', '--query', `cli-${run}`)).toEqual([]);
    expect(await context.accounts.addresses.findUserByAddress(`${username}@example.test`)).toBeNull();
  });

  it('reports domain failures as errors with a readable message', async () => {
    await expect(eider('user', 'delete', `nobody-${run}`)).rejects.toThrow(/does not exist/);
    await eider('user', 'create', `dup-${run}`, '--password', 'cli-password');
    await expect(eider('user', 'create', `dup-${run}`, '--password', 'cli-password')).rejects.toThrow(
      /already exists/,
    );
    await expect(eider('user', 'create', `weak-${run}`, '--password', 'short')).rejects.toThrow(/characters/);
    await expect(eider('address', 'add', `dup-${run}`, 'not an address')).rejects.toThrow(
      /not a valid address/,
    );
  });
});
