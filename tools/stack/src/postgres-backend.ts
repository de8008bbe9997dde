import { spawnSync } from 'node:child_process';
import type { EiderConfig } from '@eider/config';

export interface TestBackend {
  config: EiderConfig;
  description: string;
  /** Drops what the run created; call after the store has stopped. */
  cleanup: () => void;
}

const psql = (adminUrl: string, sql: string): boolean =>
  spawnSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
    stdio: 'ignore',
    timeout: 10_000,
  }).status === 0;

/**
 * `mongo.embedded.backend: postgresql` names a database FerretDB expects to exist; on a new machine it does
 * not yet. Creates it when psql can, and otherwise leaves FerretDB to report what is wrong.
 */
export const ensurePostgresDatabase = (url: string, log: (line: string) => void): void => {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]{1,63}$/.test(database)) return;
  const admin = new URL(target);
  admin.pathname = '/postgres';
  const exists = spawnSync(
    'psql',
    [admin.toString(), '-tAq', '-c', `SELECT 1 FROM pg_database WHERE datname = '${database}'`],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (exists.status !== 0 || exists.stdout.trim() === '1') return;
  if (psql(admin.toString(), `CREATE DATABASE ${database}`)) log(`created PostgreSQL database ${database}`);
};

/**
 * Integration tests run FerretDB on PostgreSQL when a PostgreSQL answers: measured 1.6x faster for the
 * suite than SQLite (docs/storage-compatibility.md). Each run gets its own PostgreSQL database, dropped
 * afterwards. Without PostgreSQL, or with TEST_EIDER_FERRETDB_BACKEND=sqlite, the SQLite default is used.
 */
export const chooseTestBackend = (
  config: EiderConfig,
  runId: string,
  log: (line: string) => void,
): TestBackend => {
  const sqlite: TestBackend = {
    config: {
      ...config,
      mongo: { ...config.mongo, embedded: { ...config.mongo.embedded, backend: 'sqlite' } },
    },
    description: 'FerretDB on SQLite',
    cleanup: () => undefined,
  };
  if (config.mongo.uri) return { config, description: 'MONGODB_URI', cleanup: () => undefined };
  if (process.env['TEST_EIDER_FERRETDB_BACKEND'] === 'sqlite') return sqlite;
  const base = new URL(config.mongo.embedded.postgresqlUrl);
  if (!base.username) base.username = 'postgres';
  const database = `eider_ferretdb_test_${runId}`;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  if (!psql(admin.toString(), `CREATE DATABASE ${database}`)) {
    log('PostgreSQL is not reachable with psql; integration tests use FerretDB on SQLite');
    return sqlite;
  }
  const target = new URL(base);
  target.pathname = `/${database}`;
  return {
    config: {
      ...config,
      mongo: {
        ...config.mongo,
        embedded: { ...config.mongo.embedded, backend: 'postgresql', postgresqlUrl: target.toString() },
      },
    },
    description: 'FerretDB on PostgreSQL',
    cleanup: () => {
      psql(admin.toString(), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
};
