import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '@eider/config';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { MailStore } from '@eider/mailstore';
import { chooseTestBackend, ensureStack, findFreePort, type RunningStack } from '@eider/stack';
import { MongoClient, type Db } from 'mongodb';

export const workspaceRoot = resolve(__dirname, '..', '..', '..', '..');

export interface BenchStore {
  backend: string;
  stack: RunningStack;
  client: MongoClient;
  db: Db;
  store: MailStore;
  stop(): Promise<void>;
}

/** The embedded stack on free ports with a throwaway data dir, unless MONGODB_URI / REDIS_URL are given. */
export const startBenchStore = async (maxMessageSize = 80 * 1024 * 1024): Promise<BenchStore> => {
  const { config } = loadConfig();
  const dataDir = mkdtempSync(join(tmpdir(), 'eider-bench-'));
  // The faster FerretDB backend when PostgreSQL is there, as for tests; the table says which one ran.
  const backend = chooseTestBackend(config, `bench${Date.now().toString(36)}`, (line) =>
    process.stderr.write(`bench: ${line}\n`),
  );
  const stack = await ensureStack({
    workspaceRoot,
    config: backend.config,
    log: (line) => process.stderr.write(`bench: ${line}\n`),
    dataDir,
    ports: { mongo: await findFreePort(), redis: await findFreePort() },
  });
  const client = await MongoClient.connect(stack.mongoUri);
  const db = client.db(`eider_bench_${Date.now().toString(36)}`);
  await ensureIndexes(db);
  const store = new MailStore(db, await detectStoreCapabilities(db), {
    maxMessageSize,
    journalRetentionSeconds: 3600,
  });
  return {
    backend: backend.description,
    stack,
    client,
    db,
    store,
    stop: async () => {
      // A store still busy with abandoned queries must not keep the bench from exiting.
      const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref());
      await Promise.race([
        db.dropDatabase().then(
          () => undefined,
          () => undefined,
        ),
        gaveUp,
      ]);
      await client.close();
      await stack.supervisor.stopAll();
      backend.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export const progress = (label: string, done: number, total: number): void => {
  if (done === total || done % Math.max(1, Math.floor(total / 10)) === 0) {
    process.stderr.write(`bench: ${label} ${done}/${total}\n`);
  }
};
