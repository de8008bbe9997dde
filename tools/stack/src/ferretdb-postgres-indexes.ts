import { execFile } from 'node:child_process';

/**
 * FerretDB v1 on PostgreSQL pushes an equality filter down as `_jsonb -> 'field' @> value`, but the
 * indexes it creates are btree indexes on `_jsonb -> 'field'`, which `@>` cannot use: every lookup,
 * `_id` included, reads the whole table (docs/storage-compatibility.md). A GIN index (jsonb_path_ops)
 * on the same expression serves `@>`. This adds one for every top-level field of every index FerretDB
 * records in its metadata, in every database, so the indexes Eider declares are used after all.
 *
 * The indexes are invisible to FerretDB and go when it drops the table. lock_timeout keeps the job from
 * queueing behind FerretDB's own DDL, and a failure on one table only skips it until the next pass.
 */
const ADD_MISSING_GIN_INDEXES = `
SET lock_timeout = '200ms';
DO $$
DECLARE
  meta record;
  coll record;
  field text;
  name text;
BEGIN
  FOR meta IN
    SELECT table_schema FROM information_schema.tables WHERE table_name = '_ferretdb_database_metadata'
  LOOP
    FOR coll IN EXECUTE format(
      'SELECT _jsonb->>''table'' AS tbl, _jsonb->''indexes'' AS indexes FROM %I._ferretdb_database_metadata',
      meta.table_schema)
    LOOP
      FOR field IN
        SELECT DISTINCT key FROM jsonb_array_elements(coll.indexes) AS idx, jsonb_object_keys(idx->'key') AS key
        WHERE position('.' IN key) = 0
      LOOP
        name := 'eider_gin_' || left(md5(coll.tbl || '.' || field), 20);
        CONTINUE WHEN EXISTS (
          SELECT 1 FROM pg_indexes WHERE schemaname = meta.table_schema AND indexname = name);
        BEGIN
          EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L) jsonb_path_ops)',
            name, meta.table_schema, coll.tbl, field);
        EXCEPTION WHEN OTHERS THEN
          NULL;
        END;
      END LOOP;
    END LOOP;
  END LOOP;
END $$;
`;

const runPsql = (url: string): Promise<string | null> =>
  new Promise((resolve) => {
    execFile(
      'psql',
      [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', ADD_MISSING_GIN_INDEXES],
      { timeout: 120_000 },
      (error, _stdout, stderr) => resolve(error ? stderr.trim() || error.message : null),
    );
  });

/** Seconds after start at which to look for new collections; then every `EVERY_MS`. */
const FIRST_PASSES_MS = [2_000, 10_000, 30_000];
const EVERY_MS = 60_000;

/**
 * Keeps GIN indexes beside FerretDB's own on the PostgreSQL database at `url`, for as long as the
 * process runs. Collections appear when the apps start and when tests make databases, so it looks again
 * now and then; each pass that finds nothing new is one cheap query. Returns a stop function.
 */
export const keepFerretdbPostgresIndexes = (url: string, log: (line: string) => void): (() => void) => {
  let stopped = false;
  let warned = false;
  const timers: NodeJS.Timeout[] = [];
  const pass = async (): Promise<void> => {
    if (stopped) return;
    const failure = await runPsql(url);
    if (failure && !warned) {
      warned = true;
      log(`could not add GIN indexes for FerretDB on PostgreSQL (lookups stay table scans): ${failure}`);
    }
  };
  for (const delay of FIRST_PASSES_MS) timers.push(setTimeout(() => void pass(), delay));
  timers.push(setInterval(() => void pass(), EVERY_MS));
  for (const timer of timers) timer.unref();
  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
  };
};
