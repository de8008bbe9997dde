import { join, resolve } from 'node:path';
import type { EiderConfig } from '@eider/config';
import { assertRedisReachable, probeMongo } from './dependency-probes';
import { ensureFerretdbBinary, startFerretdb } from './ferretdb';
import { ensurePostgresDatabase } from './postgres-backend';
import { keepFerretdbPostgresIndexes } from './ferretdb-postgres-indexes';
import { ensureRedisServerBinary, startRedisServer } from './redis-server';
import { Supervisor } from './supervisor';

export interface StackOptions {
  workspaceRoot: string;
  config: EiderConfig;
  log: (line: string) => void;
  /** Overrides the configured embedded ports (tests use free ephemeral ports). */
  ports?: { mongo?: number; redis?: number };
  /** Overrides the configured data directory (tests use a throwaway one). */
  dataDir?: string;
}

export interface RunningStack {
  mongoUri: string;
  redisUrl: string;
  embeddedMongo: boolean;
  embeddedRedis: boolean;
  supervisor: Supervisor;
  dataDir: string;
}

const LOOPBACK = '127.0.0.1';

/**
 * Provides MongoDB and Redis: the configured ones when MONGODB_URI / REDIS_URL are given (checked,
 * never started), otherwise an embedded FerretDB (SQLite backend) and redis-server under the data dir.
 */
export const ensureStack = async (options: StackOptions): Promise<RunningStack> => {
  const { config, log } = options;
  const dataDir = resolve(options.workspaceRoot, options.dataDir ?? config.dataDir);
  const logDir = join(dataDir, 'logs');
  const supervisor = new Supervisor(join(dataDir, 'run'));

  let mongoUri = config.mongo.uri;
  const embeddedMongo = mongoUri === undefined;
  let redisUrl = config.redis.url;
  const embeddedRedis = redisUrl === undefined;

  try {
    if (mongoUri) {
      await probeMongo(mongoUri);
    } else {
      const binary = await ensureFerretdbBinary(join(options.workspaceRoot, '.eider', 'bin'), log);
      const port = options.ports?.mongo ?? config.mongo.embedded.port;
      if (config.mongo.embedded.backend === 'postgresql')
        ensurePostgresDatabase(config.mongo.embedded.postgresqlUrl, log);
      await startFerretdb(supervisor, binary, {
        binDir: join(options.workspaceRoot, '.eider', 'bin'),
        dataDir,
        logDir,
        host: LOOPBACK,
        port,
        backend: config.mongo.embedded.backend,
        postgresqlUrl: config.mongo.embedded.postgresqlUrl,
        portKey: 'EIDER_MONGO__EMBEDDED__PORT',
      });
      mongoUri = `mongodb://${LOOPBACK}:${port}/`;
      log(`embedded FerretDB (${config.mongo.embedded.backend}) listening on ${mongoUri}`);
      if (config.mongo.embedded.backend === 'postgresql')
        keepFerretdbPostgresIndexes(config.mongo.embedded.postgresqlUrl, log);
    }

    if (redisUrl) {
      await assertRedisReachable(redisUrl);
    } else {
      const binary = await ensureRedisServerBinary(log);
      const port = options.ports?.redis ?? config.redis.embedded.port;
      await startRedisServer(supervisor, binary, {
        host: LOOPBACK,
        port,
        dataDir,
        logDir,
        portKey: 'EIDER_REDIS__EMBEDDED__PORT',
      });
      redisUrl = `redis://${LOOPBACK}:${port}`;
      log(`embedded Redis listening on ${redisUrl}`);
    }
  } catch (error) {
    await supervisor.stopAll();
    throw error;
  }

  return { mongoUri, redisUrl, embeddedMongo, embeddedRedis, supervisor, dataDir };
};
