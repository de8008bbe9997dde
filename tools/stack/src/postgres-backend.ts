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
