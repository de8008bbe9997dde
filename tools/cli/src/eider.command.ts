import { MongoClient, type Db } from 'mongodb';
import type Redis from 'ioredis';
import { Accounts, isAccountsError } from '@eider/accounts';
import { loadConfig, type EiderConfig } from '@eider/config';
import { AutoreplyService, DeliverySettingsService, FilterService } from '@eider/delivery';
import { MailStore, isMailStoreError, type UserDocument } from '@eider/mailstore';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { createRedisClient } from '@eider/redis';
import { EIDER_USAGE, parseEiderArgs, type EiderCommand } from './eider-args.parser';

/** The same domain services the API uses, wired without Nest for one command. */
export interface AdminContext {
  config: EiderConfig;
  store: MailStore;
  accounts: Accounts;
  filters: FilterService;
  autoreplies: AutoreplyService;
  deliverySettings: DeliverySettingsService;
}

export const adminContext = async (config: EiderConfig, db: Db, redis: Redis): Promise<AdminContext> => {
  const store = new MailStore(db, await detectStoreCapabilities(db), {
    maxMessageSize: config.limits.maxMessageSize,
    journalRetentionSeconds: config.limits.journalRetentionSeconds,
  });
  const accounts = new Accounts(store, redis, {
    keyPrefix: config.redis.keyPrefix,
    authFailuresPerWindow: config.limits.authFailuresPerWindow,
    authFailureWindowSeconds: config.limits.authFailureWindowSeconds,
    limitDefaults: {
      recipients: config.limits.recipientsPerDay,
      forwards: config.limits.forwardsPerDay,
      imapDownload: config.limits.imapDownloadBytesPerDay,
      pop3Download: config.limits.pop3DownloadBytesPerDay,
    },
  });
  return {
    config,
    store,
    accounts,
    filters: new FilterService(db),
    autoreplies: new AutoreplyService(db),
    deliverySettings: new DeliverySettingsService(db),
  };
};

export interface Output {
  /** Results, one per line, for scripts. */
  out: (line: string) => void;
  /** Notes for the person at the terminal. */
  note: (line: string) => void;
}

const LIST_BATCH = 250;

/** Runs one parsed command; domain failures propagate for the caller to report. */
export const runEider = async (
  command: Exclude<EiderCommand, { kind: 'help' }>,
  context: AdminContext,
  output: Output,
): Promise<void> => {
  const { store, accounts } = context;
  const user = (username: string): Promise<UserDocument> => store.users.getByUsername(username);
  switch (command.kind) {
    case 'user-create': {
      const created = await accounts.createAccount({
        username: command.username,
        password: command.password,
        ...(command.address !== undefined ? { address: command.address } : {}),
        ...(command.name !== undefined ? { name: command.name } : {}),
        ...(command.quota !== undefined ? { quota: command.quota } : {}),
      });
      output.out(created._id.toHexString());
      output.note(`created user ${created.username}`);
      return;
    }
    case 'user-list': {
      let after: UserDocument['_id'] | undefined;
      for (;;) {
        const page = await store.users.page({
          limit: LIST_BATCH,
          ...(after ? { after } : {}),
          ...(command.query !== undefined ? { query: command.query } : {}),
          ...(command.query !== undefined
            ? { alsoIds: await accounts.addresses.userIdsMatching(command.query) }
            : {}),
        });
        const mains = await accounts.addresses.mainAddresses(page.results.map((each) => each._id));
        for (const each of page.results) {
          const address = mains.get(each._id.toHexString()) ?? '-';
          const quota = `${each.storageUsed}/${each.quota || 'unlimited'}`;
          output.out(
            [
              each._id.toHexString(),
              each.username,
              address,
              quota,
              each.disabled ? 'disabled' : 'enabled',
            ].join('\t'),
          );
        }
        if (page.next === null) return;
        after = page.next;
      }
    }
    case 'user-delete': {
      const found = await user(command.username);
      await context.filters.deleteAllForUser(found._id);
      await context.autoreplies.delete(found._id);
      await context.deliverySettings.delete(found._id);
      await accounts.deleteAccount(found);
      output.note(`deleted user ${found.username} with all mailboxes, messages and addresses`);
      return;
    }
    case 'address-add': {
      const found = await user(command.username);
      const id = await accounts.addresses.addAddress(found._id, command.address, { main: command.main });
      output.out(id.toHexString());
      output.note(`added ${command.address} to ${found.username}`);
      return;
    }
    case 'address-list': {
      const found = await user(command.username);
      for (const address of await accounts.addresses.listUserAddresses(found._id))
        output.out(
          [address._id.toHexString(), address.address, address.main ? 'main' : ''].join('\t').trimEnd(),
        );
      return;
    }
    case 'token-create': {
      const found = await user(command.username);
      const issued = await accounts.tokens.issue({
        user: found._id,
        role: command.readonly ? 'readonly' : 'user',
        ttlSeconds: command.ttlSeconds ?? context.config.api.tokenTtlSeconds,
        description: 'issued by the eider CLI',
      });
      output.out(issued.token);
      output.note(
        `${command.readonly ? 'read-only ' : ''}token ${issued.id} for ${found.username}, expires ${issued.expires.toISOString()}`,
      );
      return;
    }
  }
};

/**
 * `eider`: account administration from the shell through the domain services, against the configured
 * store (or the embedded one, which must be running: `npm start`). Exit 2 on usage errors, 1 on failures.
 */
export const eiderCommand = async (args: string[]): Promise<number> => {
  const command = parseEiderArgs(args);
  if ('error' in command) {
    process.stderr.write(`eider: ${command.error}\n${EIDER_USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${EIDER_USAGE}\n`);
    return 0;
  }
  const { config } = loadConfig();
  const uri = config.mongo.uri ?? `mongodb://127.0.0.1:${config.mongo.embedded.port}/`;
  let client: MongoClient;
  try {
    client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 });
  } catch (error) {
    process.stderr.write(
      `eider: cannot reach MongoDB at ${uri} (is \`npm start\` running?): ${(error as Error).message}\n`,
    );
    return 1;
  }
  // Only deletion touches Redis (the day's limit counters), so connect on first use.
  const redisUrl = config.redis.url ?? `redis://127.0.0.1:${config.redis.embedded.port}`;
  const redis = createRedisClient({ url: redisUrl, connectionName: 'eider-cli' }, { lazyConnect: true });
  try {
    const db = client.db(config.mongo.database);
    await ensureIndexes(db);
    await runEider(command, await adminContext(config, db, redis), {
      out: (line) => process.stdout.write(`${line}\n`),
      note: (line) => process.stderr.write(`${line}\n`),
    });
    return 0;
  } catch (error) {
    if (isAccountsError(error) || isMailStoreError(error)) {
      process.stderr.write(`eider: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    redis.disconnect();
    await client.close();
  }
};
