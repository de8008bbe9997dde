import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { detectStoreCapabilities } from '@eider/mongo';
import { testConfig } from '@eider/testing';
import { keyUpdateModeFor } from '../concurrency/key-guard';
import { runRacer, type RacePlan, type RaceReport } from './attachment-race.test-driver';
import { AttachmentStore } from './attachment-store.service';
import { ATTACHMENT_LOCKS_COLLECTION, type KeyUpdateMode } from './attachment.types';
import { clearAttachments, sha256, takeCensus } from './attachment-store.test-helpers';

const RACERS = 4;
const OPERATIONS_PER_RACER = 100;
const TIMEOUT = 900_000;
const workspaceRoot = resolve(__dirname, '../../../../..');

describe('AttachmentStore under concurrent writers (real store)', () => {
  const config = testConfig();
  // One content below the inline/GridFS chunk size, one just under a chunk, one spanning three chunks.
  const contents = [randomBytes(1_000), randomBytes(120_000), randomBytes(600_000)];
  const keys = contents.map(sha256);
  let client: MongoClient;
  let db: Db;
  let mode: KeyUpdateMode;

  beforeAll(async () => {
    client = new MongoClient(config.mongo.uri);
    await client.connect();
    db = client.db(config.mongo.database);
    mode = keyUpdateModeFor(await detectStoreCapabilities(db));
  });
  afterAll(async () => {
    await clearAttachments(db);
    await client.close();
  });
  beforeEach(async () => {
    await clearAttachments(db);
  });

  const plans = (seed: number): RacePlan[] =>
    Array.from({ length: RACERS }, (_racer, index) => ({
      contents,
      operations: OPERATIONS_PER_RACER,
      seed: seed + index,
      // Everybody drops content 0 at the end, concurrently: it must vanish without a trace.
      releaseAtEnd: [0],
    }));

  /** Compares the store, read directly, with the references the racers say they hold. */
  const verify = async (label: string, reports: RaceReport[], elapsedMs: number): Promise<number[]> => {
    expect(reports.flatMap((report) => report.violations)).toEqual([]);
    const expected = keys.map((_key, index) =>
      reports.reduce((sum, report) => sum + (report.owned[index] ?? 0), 0),
    );
    const census = await takeCensus(db);
    const live = new Set<string>();
    keys.forEach((key, index) => {
      const doc = census.keys.find((candidate) => candidate._id === key);
      if (expected[index] === 0) {
        expect(doc, `content ${index} should be gone`).toBeUndefined();
        return;
      }
      expect(doc?.refs, `refs of content ${index}`).toBe(expected[index]);
      const file = doc!.file.toHexString();
      live.add(file);
      expect(census.chunks.get(file)?.bytes, `stored bytes of content ${index}`).toBe(
        contents[index]!.length,
      );
    });
    expect(census.keys).toHaveLength(live.size);
    expect(new Set(census.files.map((file) => file._id.toHexString()))).toEqual(live);
    expect(new Set(census.chunks.keys())).toEqual(live);
    const reader = new AttachmentStore(db, { keyUpdates: mode });
    for (const [index, key] of keys.entries()) {
      if (expected[index]! > 0) expect(sha256(await reader.readAll(key))).toBe(key);
    }
    expect(await db.collection(ATTACHMENT_LOCKS_COLLECTION).countDocuments()).toBe(0);
    expect(await reader.sweepDead()).toBe(0);
    expect(await reader.sweepOrphans(0)).toBe(0);
    const total = (
      field: 'uploads' | 'deduplicated' | 'addedReferences' | 'reads' | 'releases' | 'freed',
    ): number => reports.reduce((sum, report) => sum + report[field], 0);
    console.log(
      `[attachments] ${label} (${mode} mode): ${RACERS} x ${OPERATIONS_PER_RACER} operations in ` +
        `${(elapsedMs / 1000).toFixed(1)} s: ${total('uploads')} uploads (${total('deduplicated')} deduplicated), ` +
        `${total('addedReferences')} addReference, ${total('reads')} verified reads, ${total('releases')} releases, contents freed ${total('freed')} times; ` +
        `final refs ${expected.join('/')}`,
    );
    return expected;
  };

  it(
    'keeps exact counts with stores on separate connections racing over three contents',
    async () => {
      const clients = await Promise.all(
        Array.from({ length: RACERS }, () => new MongoClient(config.mongo.uri, { maxPoolSize: 4 }).connect()),
      );
      try {
        const seed = Math.floor(Math.random() * 2 ** 30);
        console.log(`[attachments] in-process race seed ${seed}`);
        const started = performance.now();
        const reports = await Promise.all(
          plans(seed).map((plan, index) =>
            runRacer(
              new AttachmentStore(clients[index]!.db(config.mongo.database), { keyUpdates: mode }),
              keys,
              plan,
            ),
          ),
        );
        const expected = await verify('connections race', reports, performance.now() - started);
        expect(expected[0]).toBe(0);
      } finally {
        await Promise.all(clients.map((racer) => racer.close()));
      }
    },
    TIMEOUT,
  );

  it(
    'keeps exact counts with separate processes running the built store',
    async () => {
      // The forked racers load dist/, so build it (and what it requires) the way the workspace does.
      execFileSync(
        process.execPath,
        [join(workspaceRoot, 'node_modules/nx/dist/bin/nx.js'), 'run', 'mailstore:build'],
        {
          cwd: workspaceRoot,
          env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
          stdio: 'pipe',
        },
      );
      const distDir = join(workspaceRoot, 'dist/libs/domain/mailstore/src/attachments');
      const seed = Math.floor(Math.random() * 2 ** 30);
      console.log(`[attachments] multi-process race seed ${seed}`);
      const children: ChildProcess[] = [];
      try {
        const started = { at: 0 };
        const reports = await new Promise<RaceReport[]>((done, fail) => {
          const results: RaceReport[] = [];
          let ready = 0;
          plans(seed).forEach((plan) => {
            const child = fork(join(__dirname, 'attachment-race.worker.cjs'), [], { stdio: 'inherit' });
            children.push(child);
            child.on('message', (message: { type: string; report?: RaceReport; error?: string }) => {
              if (message.type === 'ready' && ++ready === RACERS) {
                // Start together, so the processes really interleave at the store.
                started.at = performance.now();
                children.forEach((racer) => racer.send({ type: 'go' }));
              } else if (message.type === 'report' && message.report) {
                results.push(message.report);
                if (results.length === RACERS) done(results);
              } else if (message.type === 'error') {
                fail(new Error(`racer process failed: ${message.error}`));
              }
            });
            child.on('exit', (code) => {
              if (code !== 0) fail(new Error(`racer process exited with ${code}`));
            });
            child.send({
              type: 'setup',
              task: {
                distDir,
                uri: config.mongo.uri,
                database: config.mongo.database,
                mode,
                keys,
                contents: plan.contents.map((content) => content.toString('base64')),
                operations: plan.operations,
                seed: plan.seed,
                releaseAtEnd: plan.releaseAtEnd,
              },
            });
          });
        });
        const expected = await verify('process race', reports, performance.now() - started.at);
        expect(expected[0]).toBe(0);
      } finally {
        for (const child of children) if (child.exitCode === null) child.kill();
      }
    },
    TIMEOUT,
  );
});
