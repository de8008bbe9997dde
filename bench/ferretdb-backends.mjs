#!/usr/bin/env node
// Compares FerretDB v1's SQLite and PostgreSQL backends on a mail-store-like workload.
//
//   node_modules/.bin/node bench/ferretdb-backends.mjs
//
// Starts two FerretDB processes from .eider/bin/ferretdb on free loopback ports: one on SQLite in a
// temporary directory, one on a fresh PostgreSQL database (127.0.0.1:5432, user postgres, trust auth).
// Both run at the same time and every operation runs back to back on each backend, so background load
// drifting during the run hits both sides alike. Repeated operations are time-boxed: on SQLite,
// FerretDB v1 scans the whole collection for any filter other than an exact _id, so the nominal counts
// (for example 5,000 indexed lookups) would take far longer than the three minutes this script
// allows. The table shows how many operations each backend completed and the mean time per operation.
// Everything it started is stopped and removed on success, failure, Ctrl-C or the overall deadline.

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { GridFSBucket, MongoClient } from 'mongodb';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binary = join(root, '.eider', 'bin', 'ferretdb');
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const DEADLINE_MS = 170_000;
const started = performance.now();

const WORKLOAD = {
  seedDocs: 20_000,
  seedBatch: 500,
  // 400 mailboxes of 50 messages: updateMany of one mailbox touches 50 documents.
  mailboxes: 400,
  singleInserts: 5_000,
  counterIncrements: 2_000,
  indexedFinds: 5_000,
  rangeScans: 200,
  gridfsBytes: 20 * 1024 * 1024,
};
// Per-backend time box of each repeated operation, in ms.
const BOX = { singleInserts: 12_000, counterIncrements: 10_000, indexedFinds: 10_000, rangeScans: 8_000 };

const log = (line) => process.stderr.write(`bench: ${line}\n`);

// ---- resources, released by cleanup() whatever happens -------------------------------------------

const children = [];
const tempDirs = [];
let pgDatabase;
let cleaning;

const psql = (sql) =>
  spawnSync(
    'psql',
    [
      '-h',
      PG.host,
      '-p',
      String(PG.port),
      '-U',
      PG.user,
      '-d',
      'postgres',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      sql,
    ],
    {
      encoding: 'utf8',
    },
  );

const cleanup = () => {
  cleaning ??= (async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
          }),
      ),
    );
    if (pgDatabase) {
      // FORCE (PostgreSQL 13+) ends any connection FerretDB left behind.
      const drop = psql(`DROP DATABASE IF EXISTS "${pgDatabase}" WITH (FORCE)`);
      if (drop.status !== 0) log(`could not drop PostgreSQL database ${pgDatabase}: ${drop.stderr.trim()}`);
    }
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
};

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}
// Last resort if the event loop dies with children still running: they must not outlive the script.
process.once('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});
const watchdog = setTimeout(() => {
  log(`overall deadline of ${DEADLINE_MS / 1000 + 10} s passed: stopping`);
  void cleanup().finally(() => process.exit(2));
}, DEADLINE_MS + 10_000);
watchdog.unref();

// ---- starting FerretDB ---------------------------------------------------------------------------

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const startFerretdb = async (name, backendArgs) => {
  const stateDir = mkdtempSync(join(tmpdir(), `eider-bench-${name}-`));
  tempDirs.push(stateDir);
  const port = await freePort();
  const logFile = join(stateDir, 'ferretdb.log');
  const args = [
    ...backendArgs(stateDir),
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    `--state-dir=${stateDir}`,
    '--log-level=warn',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out = createWriteStream(logFile);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const uri = `mongodb://127.0.0.1:${port}/`;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000 });
  const until = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`FerretDB (${name}) exited with ${child.exitCode}; see ${logFile}`);
    try {
      await client.db('admin').command({ ping: 1 });
      break;
    } catch (error) {
      if (Date.now() > until)
        throw new Error(`FerretDB (${name}) did not answer within 20 s: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return { name, client, db: client.db('bench') };
};

// ---- workload ------------------------------------------------------------------------------------

const PADDING = randomBytes(600).toString('base64').slice(0, 800);
const messageDoc = (n) => ({
  mailbox: `box-${n % WORKLOAD.mailboxes}`,
  uid: Math.floor(n / WORKLOAD.mailboxes) + 1,
  messageId: `<${n}.${PADDING.slice(n % 50, (n % 50) + 12)}@bench.example>`,
  subject: `Message ${n} about the quarterly numbers`,
  from: `sender${n % 97}@example.org`,
  to: ['someone@example.net'],
  date: new Date(1_700_000_000_000 + n * 60_000),
  size: 1000 + (n % 5000),
  flags: n % 3 === 0 ? ['\\Seen'] : [],
  // Stands in for the cached header block, bringing a document to roughly 1 KB of BSON.
  headers: PADDING,
});

/** Runs `op(i)` for i = 0.. until `count` operations are done or `boxMs` has passed. */
const timeBoxed = async (count, boxMs, op) => {
  const begin = performance.now();
  let done = 0;
  while (done < count && performance.now() - begin < boxMs) {
    await op(done);
    done++;
  }
  return { ops: done, ms: performance.now() - begin };
};

const once = async (op) => {
  const begin = performance.now();
  await op();
  return { ops: 1, ms: performance.now() - begin };
};

const readAll = async (stream) => {
  const parts = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
};

const gridfsPayload = randomBytes(WORKLOAD.gridfsBytes);
const gridfsId = createHash('sha256').update(gridfsPayload).digest('hex');

/** Each step: a label, a description of the work, and a function run once per backend. */
const steps = [
  {
    label: 'insertMany seed',
    work: `${WORKLOAD.seedDocs} docs of ~1 KB, batches of ${WORKLOAD.seedBatch}`,
    run: async ({ db }) => {
      const messages = db.collection('messages');
      await messages.createIndex({ mailbox: 1, uid: 1 }, { unique: true });
      await messages.createIndex({ messageId: 1 });
      const begin = performance.now();
      for (let n = 0; n < WORKLOAD.seedDocs; n += WORKLOAD.seedBatch) {
        await messages.insertMany(Array.from({ length: WORKLOAD.seedBatch }, (_, i) => messageDoc(n + i)));
      }
      return { ops: WORKLOAD.seedDocs / WORKLOAD.seedBatch, ms: performance.now() - begin };
    },
  },
  {
    label: 'insertOne',
    work: `up to ${WORKLOAD.singleInserts}, one at a time, into a fresh collection`,
    run: ({ db }) =>
      timeBoxed(WORKLOAD.singleInserts, BOX.singleInserts, (i) =>
        db.collection('singles').insertOne(messageDoc(i)),
      ),
  },
  {
    label: 'findOneAndUpdate $inc',
    work: `up to ${WORKLOAD.counterIncrements}, sequential, one counter doc`,
    run: async ({ db }) => {
      const counters = db.collection('counters');
      const result = await timeBoxed(WORKLOAD.counterIncrements, BOX.counterIncrements, () =>
        counters.findOneAndUpdate(
          { _id: 'uid' },
          { $inc: { next: 1 } },
          { upsert: true, returnDocument: 'after' },
        ),
      );
      const { next } = await counters.findOne({ _id: 'uid' });
      if (next !== result.ops)
        throw new Error(`counter is ${next} after ${result.ops} sequential increments`);
      return result;
    },
  },
  {
    label: 'find by indexed field',
    work: `up to ${WORKLOAD.indexedFinds} findOne({messageId}) over the seed`,
    run: ({ db }) =>
      timeBoxed(WORKLOAD.indexedFinds, BOX.indexedFinds, async (i) => {
        const n = (i * 7919) % WORKLOAD.seedDocs;
        const doc = await db.collection('messages').findOne({ messageId: messageDoc(n).messageId });
        if (doc?.subject !== messageDoc(n).subject) throw new Error(`message ${n} not found`);
      }),
  },
  {
    label: 'range scan sort+limit',
    work: `up to ${WORKLOAD.rangeScans} find({mailbox, uid>x}).sort({uid}).limit(20)`,
    run: ({ db }) =>
      timeBoxed(WORKLOAD.rangeScans, BOX.rangeScans, async (i) => {
        const page = await db
          .collection('messages')
          .find({ mailbox: `box-${i % WORKLOAD.mailboxes}`, uid: { $gt: 10 } })
          .sort({ uid: 1 })
          .limit(20)
          .toArray();
        if (page.length !== 20 || page[0].uid !== 11) throw new Error('range scan returned the wrong page');
      }),
  },
  {
    label: 'updateMany flags',
    work: `one mailbox (${WORKLOAD.seedDocs / WORKLOAD.mailboxes} docs) $addToSet \\Flagged`,
    run: ({ db }) =>
      once(async () => {
        const result = await db
          .collection('messages')
          .updateMany({ mailbox: 'box-1' }, { $addToSet: { flags: '\\Flagged' } });
        if (result.modifiedCount !== WORKLOAD.seedDocs / WORKLOAD.mailboxes)
          throw new Error('updateMany missed documents');
      }),
  },
  {
    label: 'GridFS upload',
    work: `${WORKLOAD.gridfsBytes / 1024 / 1024} MB, custom _id`,
    run: ({ db }) =>
      once(() =>
        pipeline(
          Readable.from([gridfsPayload]),
          new GridFSBucket(db).openUploadStreamWithId(gridfsId, 'body.eml', { metadata: { refs: 1 } }),
        ),
      ),
  },
  {
    label: 'GridFS download',
    work: `${WORKLOAD.gridfsBytes / 1024 / 1024} MB, whole`,
    run: ({ db }) =>
      once(async () => {
        const data = await readAll(new GridFSBucket(db).openDownloadStream(gridfsId));
        if (createHash('sha256').update(data).digest('hex') !== gridfsId)
          throw new Error('GridFS download corrupt');
      }),
  },
  {
    label: 'GridFS ranged read',
    work: '4 KB from the middle',
    run: ({ db }) =>
      once(async () => {
        const start = WORKLOAD.gridfsBytes / 2 - 2048;
        const data = await readAll(
          new GridFSBucket(db).openDownloadStream(gridfsId, { start, end: start + 4096 }),
        );
        if (!data.equals(gridfsPayload.subarray(start, start + 4096)))
          throw new Error('GridFS range corrupt');
      }),
  },
];

// ---- main ----------------------------------------------------------------------------------------

const pad = (value, width, right = false) =>
  right ? String(value).padStart(width) : String(value).padEnd(width);
const perOp = ({ ops, ms }) => (ops > 0 ? ms / ops : NaN);
const fmt = (ms) =>
  Number.isNaN(ms) ? '-' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);

const main = async () => {
  if (!existsSync(binary))
    throw new Error(`${binary} is missing; run \`npm start\` or \`npm test\` once to build it`);
  const loadBefore = loadavg();
  pgDatabase = `eider_bench_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const create = psql(`CREATE DATABASE "${pgDatabase}"`);
  if (create.status !== 0) {
    pgDatabase = undefined;
    throw new Error(`could not create the PostgreSQL database: ${create.stderr.trim()}`);
  }
  const backends = [
    await startFerretdb('sqlite', (dir) => ['--handler=sqlite', `--sqlite-url=file:${dir}/`]),
    await startFerretdb('postgresql', () => [
      '--handler=postgresql',
      `--postgresql-url=postgres://${PG.user}@${PG.host}:${PG.port}/${pgDatabase}`,
    ]),
  ];
  const rows = [];
  try {
    for (const step of steps) {
      const row = { label: step.label, work: step.work, results: {} };
      rows.push(row);
      for (const backend of backends) {
        if (performance.now() - started > DEADLINE_MS) {
          log(`deadline reached, skipping ${step.label} on ${backend.name}`);
          continue;
        }
        row.results[backend.name] = await step.run(backend);
        const result = row.results[backend.name];
        log(`${step.label} on ${backend.name}: ${result.ops} ops in ${result.ms.toFixed(0)} ms`);
      }
    }
  } finally {
    await Promise.all(backends.map(({ client }) => client.close()));
  }

  const loadAfter = loadavg();
  const header = [
    pad('operation', 24),
    pad('sqlite ops', 10, true),
    pad('ms/op', 9, true),
    pad('pg ops', 8, true),
    pad('ms/op', 9, true),
    pad('pg/sqlite', 10, true),
    '  work',
  ].join(' ');
  const lines = [header, '-'.repeat(header.length + 30)];
  for (const row of rows) {
    const sqlite = row.results.sqlite ?? { ops: 0, ms: NaN };
    const pg = row.results.postgresql ?? { ops: 0, ms: NaN };
    const ratio = perOp(pg) / perOp(sqlite);
    lines.push(
      [
        pad(row.label, 24),
        pad(sqlite.ops, 10, true),
        pad(fmt(perOp(sqlite)), 9, true),
        pad(pg.ops, 8, true),
        pad(fmt(perOp(pg)), 9, true),
        pad(Number.isFinite(ratio) ? ratio.toFixed(2) : '-', 10, true),
        `  ${row.work}`,
      ].join(' '),
    );
  }
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    [
      `FerretDB backends, ${new Date().toISOString()}, ${cpus().length} cores (${cpuModel}), node ${process.version}`,
      `load average before ${loadBefore.map((l) => l.toFixed(1)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(1)).join(' ')}`,
      'pg/sqlite is the ratio of mean time per operation: below 1 means PostgreSQL was faster.',
      '',
      ...lines,
      '',
      `JSON ${JSON.stringify(rows)}`,
      '',
    ].join('\n'),
  );
};

let exitCode = 0;
try {
  await main();
} catch (error) {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  exitCode = 1;
} finally {
  await cleanup();
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
process.exit(exitCode);
