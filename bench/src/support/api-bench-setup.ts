import { Accounts } from '@eider/accounts';
import type { MailboxDocument, UserDocument } from '@eider/mailstore';
import { createRedisClient } from '@eider/redis';
import type { CleanupStep } from './bench-runner';
import { startBenchStore, type BenchStore } from './bench-stack';
import { loadCorpus } from './corpus';
import { startEiderApi, type EiderApi } from './eider-api';
import { freePort } from './eider-protocols';
import { cloneTemplates, ingestTemplates, type Template } from './imap-seed';

export interface ApiBenchOptions {
  /** Prefix of the bench's user names and Redis connection name. */
  label: string;
  username: string;
  password: string;
  messages: number;
  templates: number;
}

export interface ApiBenchSetup {
  bench: BenchStore;
  accounts: Accounts;
  user: UserDocument;
  inbox: MailboxDocument;
  templates: Template[];
  /** Starts the built api on the bench's store; stopped with the other cleanups. */
  startApi: () => Promise<EiderApi & { token: string }>;
}

/**
 * The store, one user whose INBOX holds `messages` clones of the corpus templates, and a way to start the
 * api on it with a token for that user: what the REST and GraphQL benches both measure against.
 */
export const setUpApiBench = async (
  cleanups: CleanupStep[],
  options: ApiBenchOptions,
): Promise<ApiBenchSetup> => {
  const keyPrefix = `eiderbench${Date.now().toString(36)}:`;
  const bench = await startBenchStore();
  cleanups.push(() => bench.stop());
  const redis = createRedisClient({ url: bench.stack.redisUrl, connectionName: `${options.label}-bench` });
  cleanups.push(async () => void (await redis.quit().catch(() => undefined)));
  const accounts = new Accounts(bench.store, redis, {
    keyPrefix,
    authFailuresPerWindow: 1e6,
    authFailureWindowSeconds: 60,
  });
  const templatesUser = await accounts.createAccount({
    username: `${options.label}templates`,
    password: options.password,
  });
  const templates = await ingestTemplates(
    bench.store,
    await bench.store.mailboxes.getByPath(templatesUser._id, 'INBOX'),
    loadCorpus() ?? [],
    options.templates,
  );
  const user = await accounts.createAccount({ username: options.username, password: options.password });
  const inbox = await bench.store.mailboxes.getByPath(user._id, 'INBOX');
  await cloneTemplates(bench.store, inbox, templates, options.messages, 'eider clone');
  const startApi = async () => {
    const api = await startEiderApi({
      mongoUri: bench.stack.mongoUri,
      redisUrl: bench.stack.redisUrl,
      database: bench.db.databaseName,
      keyPrefix,
      port: await freePort(),
    });
    cleanups.push(() => api.stop());
    const { token } = await accounts.tokens.issue({ user: user._id, role: 'user', ttlSeconds: 3600 });
    return { ...api, token };
  };
  return { bench, accounts, user, inbox, templates, startApi };
};
