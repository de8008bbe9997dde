import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { Accounts, isAccountsError } from '@eider/accounts';
import { loadConfig } from '@eider/config';
import { MailStore, isMailStoreError } from '@eider/mailstore';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { createRedisClient } from '@eider/redis';

const USAGE = [
  'usage: eider user add <username> [--password P] [--address A] [--name N] [--quota BYTES]',
  '       eider user passwd <username> --password P',
  '       eider user address <username> <address>',
  '       eider user disable|enable <username>',
].join('\n');

const OPTIONS = {
  password: { type: 'string' },
  address: { type: 'string' },
  name: { type: 'string' },
  quota: { type: 'string' },
} as const;

/**
 * Account administration from the shell, against the configured store (or the embedded one, which must
 * be running: `npm start`). Prints one line per result; failures exit 1 with the reason.
 */
export const userCommand = async (args: string[]): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`eider user: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [action, username, extra] = parsed.positionals;
  const { values } = parsed;
  if (!action || !username) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const quota = values.quota === undefined ? undefined : Number(values.quota);
  if (quota !== undefined && (!Number.isInteger(quota) || quota < 0)) {
    process.stderr.write('eider user: --quota must be a whole number of bytes\n');
    return 2;
  }

  const { config } = loadConfig();
  const uri = config.mongo.uri ?? `mongodb://127.0.0.1:${config.mongo.embedded.port}/`;
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 });
  // Only logins touch Redis; nothing here does, so the client never connects.
  const redis = createRedisClient(
    { url: config.redis.url ?? 'redis://127.0.0.1:6379', connectionName: 'eider-cli' },
    { lazyConnect: true },
  );
  try {
    const db = client.db(config.mongo.database);
    await ensureIndexes(db);
    const store = new MailStore(db, await detectStoreCapabilities(db), {
      maxMessageSize: config.limits.maxMessageSize,
      journalRetentionSeconds: config.limits.journalRetentionSeconds,
    });
    const accounts = new Accounts(store, redis, {
      keyPrefix: config.redis.keyPrefix,
      authFailuresPerWindow: config.limits.authFailuresPerWindow,
      authFailureWindowSeconds: config.limits.authFailureWindowSeconds,
    });
    switch (action) {
      case 'add': {
        const user = await accounts.createAccount({
          username,
          ...(values.password !== undefined ? { password: values.password } : {}),
          ...(values.address !== undefined ? { address: values.address } : {}),
          ...(values.name !== undefined ? { name: values.name } : {}),
          ...(quota !== undefined ? { quota } : {}),
        });
        process.stdout.write(`created user ${user.username} (${user._id.toHexString()})\n`);
        return 0;
      }
      case 'passwd': {
        if (values.password === undefined) throw new UsageError('--password is required');
        const user = await store.users.getByUsername(username);
        await accounts.credentials.setPassword(user._id, values.password);
        process.stdout.write(`password changed for ${user.username}\n`);
        return 0;
      }
      case 'address': {
        if (!extra) throw new UsageError('give the address to add');
        const user = await store.users.getByUsername(username);
        await accounts.addresses.addAddress(user._id, extra);
        process.stdout.write(`address ${extra} added to ${user.username}\n`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const user = await store.users.getByUsername(username);
        await store.users.setDisabled(user._id, action === 'disable');
        process.stdout.write(`${user.username} ${action}d\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown action ${action}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`eider user: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (isAccountsError(error) || isMailStoreError(error)) {
      process.stderr.write(`eider user: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    redis.disconnect();
    await client.close();
  }
};

class UsageError extends Error {}
