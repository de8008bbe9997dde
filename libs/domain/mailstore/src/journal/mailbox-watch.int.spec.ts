import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { detectStoreCapabilities } from '@eider/mongo';
import { createRedisClient } from '@eider/redis';
import { testConfig } from '@eider/testing';
import type Redis from 'ioredis';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { MailStoreError } from '../errors/mail-store.error';
import { JournalService } from './journal.service';
import { JournalSweeper } from './journal.sweeper';
import {
  MAILBOXES_COLLECTION,
  type JournalBeaconPublisher,
  type JournalBeaconSubscriber,
  type JournalEntry,
} from './journal.types';
import { MailboxWatchService, type WatchMailboxOptions } from './mailbox-watch.service';
import { counterModeFor, ModseqAllocator, type CounterMode } from './modseq.allocator';

const FIXTURES = join(__dirname, 'fixtures');
// Wall-clock ms: performance.timeOrigin differs between processes by tens of ms, Date.now() does not.
const now = (): number => Date.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// The notifier as built for production, loaded the same way the writer process loads it (the redis
// lib's index does not re-export it yet); typed by the structural interfaces the journal relies on.
interface Notifier extends JournalBeaconPublisher, JournalBeaconSubscriber {
  channelFor(userId: string): string;
  close(): Promise<void>;
}
type NotifierClass = new (publisher: Redis, subscriber: Redis, keyPrefix: string) => Notifier;
const loadNotifier = (buildRoot: string): NotifierClass =>
  (
    createRequire(__filename)(join(buildRoot, 'dist/libs/data-access/redis/src/notifier/index.js')) as {
      ChangeNotifier: NotifierClass;
    }
  ).ChangeNotifier;

type WriterMessage =
  | { type: 'ready' }
  | { type: 'done'; publishedAt: Record<string, number> }
  | { type: 'error'; message: string };

const nextMessage = (child: ChildProcess): Promise<WriterMessage> =>
  new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`writer exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as WriterMessage);
    });
  });

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
};

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** Records every delivered entry with its arrival time. */
const recorder = (): {
  delivered: Array<JournalEntry & { at: number }>;
  batches: number;
  onChanges: (entries: JournalEntry[]) => void;
} => {
  const state = {
    delivered: [] as Array<JournalEntry & { at: number }>,
    batches: 0,
    onChanges: (entries: JournalEntry[]): void => {
      const at = now();
      state.batches++;
      for (const entry of entries) state.delivered.push({ ...entry, at });
    },
  };
  return state;
};

describe('MailboxWatchService (real store and Redis, writer in another process)', () => {
  const config = testConfig();
  const prefix = config.redis.keyPrefix;
  let client: MongoClient;
  let db: Db;
  let publisher: Redis;
  let subscriber: Redis;
  let notifier: Notifier;
  let journal: JournalService;
  let silentJournal: JournalService;
  let allocator: ModseqAllocator;
  let mode: CounterMode;
  let buildRoot: string;

  const createMailbox = async (user: ObjectId): Promise<ObjectId> => {
    const _id = new ObjectId();
    await db
      .collection(MAILBOXES_COLLECTION)
      .insertOne({ _id, user, path: `INBOX-${_id.toHexString()}`, uidValidity: 1, uidNext: 1, modseq: 0 });
    return _id;
  };

  const watcher = (options: WatchMailboxOptions = {}): MailboxWatchService =>
    new MailboxWatchService(journal, notifier, { pollIntervalMs: 60_000, ...options });

  beforeAll(async () => {
    client = await new MongoClient(config.mongo.uri).connect();
    db = client.db(config.mongo.database);
    mode = counterModeFor(await detectStoreCapabilities(db));
    buildRoot = execFileSync(
      process.execPath,
      [join(FIXTURES, 'private-build.script.mjs'), 'libs/domain/mailstore', 'libs/data-access/redis'],
      { encoding: 'utf8' },
    );
    publisher = createRedisClient({ url: config.redis.url, connectionName: 'watch-test' });
    subscriber = createRedisClient({ url: config.redis.url, connectionName: 'watch-test-sub' });
    notifier = new (loadNotifier(buildRoot))(publisher, subscriber, prefix);
    journal = new JournalService(db, { beacons: notifier });
    silentJournal = new JournalService(db);
    allocator = new ModseqAllocator(db, mode);
  });
  afterAll(async () => {
    await notifier.close();
    await Promise.allSettled([publisher.quit(), subscriber.quit(), client.close()]);
    if (buildRoot) rmSync(buildRoot, { recursive: true, force: true });
  });

  it('delivers another process’s appends in order, once each, within 1 s of each beacon', async () => {
    const user = new ObjectId();
    const mailbox = await createMailbox(user);
    const seen = recorder();
    const errors: unknown[] = [];
    const watch = await watcher().watchMailbox(user, mailbox, 0, seen.onChanges, {
      onError: (error) => errors.push(error),
    });
    // The bare beacon hop, for comparison with publish-to-delivery (which includes the journal read).
    const beaconAt = new Map<number, number>();
    const stopTiming = await notifier.subscribe(user.toHexString(), (beacon) =>
      beaconAt.set(beacon.modseq, now()),
    );
    const writer = fork(
      join(FIXTURES, 'journal-writer.child.mjs'),
      [buildRoot, config.mongo.uri, config.mongo.database, config.redis.url, prefix, mode],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    try {
      expect(await nextMessage(writer)).toEqual({ type: 'ready' });
      const run = async (command: object): Promise<Record<string, number>> => {
        const done = nextMessage(writer);
        writer.send({ user: user.toHexString(), mailbox: mailbox.toHexString(), ...command });
        const reply = await done;
        if (reply.type !== 'done') throw new Error(`writer failed: ${JSON.stringify(reply)}`);
        return reply.publishedAt;
      };
      // Paced single deliveries, then a burst of three-message batches, with junk on the channel between.
      const paced = run({ writes: 40, batch: 1, pauseMs: 25 });
      await sleep(200);
      await publisher.publish(notifier.channelFor(user.toHexString()), '{"garbage":true');
      await paced;
      const publishedAt = await run({ writes: 20, batch: 3, pauseMs: 0 });
      const total = 40 + 20 * 3;
      await waitFor(() => seen.delivered.length >= total, 2000);
      await sleep(100);

      expect(errors).toEqual([]);
      expect(seen.delivered).toHaveLength(total);
      expect(seen.delivered.map((entry) => entry.uid)).toEqual(
        Array.from({ length: total }, (_, i) => i + 1),
      );
      const modseqs = seen.delivered.map((entry) => entry.modseq);
      expect(modseqs).toEqual([...modseqs].sort((a, b) => a - b));
      expect(watch.position.modseq).toBe(60);

      // Publish-to-delivery latency, per modseq (the last entry of each modseq).
      const lastArrival = new Map<number, number>();
      for (const entry of seen.delivered) lastArrival.set(entry.modseq, entry.at);
      const latencies = [...lastArrival].map(([modseq, at]) => at - publishedAt[String(modseq)]!);
      const hops = [...beaconAt].map(([modseq, at]) => at - publishedAt[String(modseq)]!);
      const summary = (values: number[]): string =>
        `median ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, ` +
        `max ${Math.max(...values).toFixed(1)} ms`;
      console.info(
        `publish->delivery across processes (${latencies.length} beacons, ${seen.batches} batches): ` +
          `${summary(latencies)}; publish->beacon only: ${summary(hops)}`,
      );
      expect(Math.max(...latencies)).toBeLessThan(1000);
    } finally {
      writer.send({ type: 'exit' });
      await stopTiming();
      await watch.stop();
    }
  });

  it('falls back to polling when no beacon arrives', async () => {
    const user = new ObjectId();
    const mailbox = await createMailbox(user);
    const seen = recorder();
    const watch = await watcher({ pollIntervalMs: 200 }).watchMailbox(user, mailbox, 0, seen.onChanges);
    try {
      await silentJournal.append([{ user, mailbox, modseq: 1, kind: 'exists', uid: 1 }]);
      await waitFor(() => seen.delivered.length === 1, 1000);
    } finally {
      await watch.stop();
    }
  });

  it('holds back an entry behind a modseq gap until the gap fills, or until it is old enough', async () => {
    const user = new ObjectId();
    const mailbox = await createMailbox(user);
    const seen = recorder();
    const watch = await watcher({ gapGraceMs: 400 }).watchMailbox(user, mailbox, 0, seen.onChanges);
    const entry = (modseq: number) => ({ user, mailbox, modseq, kind: 'flags' as const, uid: 1 });
    try {
      const [m1, m2, m3] = [
        await allocator.allocateModseq(mailbox),
        await allocator.allocateModseq(mailbox),
        await allocator.allocateModseq(mailbox),
      ];
      // The writer of m3 is faster than the writer of m2.
      await journal.append([entry(m1)]);
      await journal.append([entry(m3)]);
      await waitFor(() => seen.delivered.length === 1, 1000);
      await sleep(150);
      expect(seen.delivered.map((change) => change.modseq)).toEqual([m1]);
      await journal.append([entry(m2)]);
      await waitFor(() => seen.delivered.length === 3, 1000);
      expect(seen.delivered.map((change) => change.modseq)).toEqual([m1, m2, m3]);

      // m4 is never journaled (its writer died): m5 goes out once it is older than the grace period.
      await allocator.allocateModseq(mailbox);
      const m5 = await allocator.allocateModseq(mailbox);
      const appendedAt = Date.now();
      await journal.append([entry(m5)]);
      await waitFor(() => seen.delivered.length === 4, 2000);
      expect(seen.delivered[3]!.modseq).toBe(m5);
      expect(Date.now() - appendedAt).toBeGreaterThanOrEqual(380);
    } finally {
      await watch.stop();
    }
  });

  it('stops delivering after stop(), and keeps going when the handler throws', async () => {
    const user = new ObjectId();
    const mailbox = await createMailbox(user);
    const seen = recorder();
    const errors: unknown[] = [];
    let calls = 0;
    const watch = await watcher().watchMailbox(
      user,
      mailbox,
      0,
      (entries) => {
        calls++;
        if (calls === 1) throw new Error('consumer bug');
        seen.onChanges(entries);
      },
      { onError: (error) => errors.push(error) },
    );
    const entry = (modseq: number) => ({ user, mailbox, modseq, kind: 'exists' as const, uid: modseq });
    await journal.append([entry(1)]);
    await waitFor(() => calls === 1, 1000);
    await journal.append([entry(2)]);
    await waitFor(() => seen.delivered.length === 1, 1000);
    expect(seen.delivered[0]!.modseq).toBe(2);
    expect(errors).toHaveLength(1);

    await watch.stop();
    expect(watch.stopped).toBe(true);
    const channel = notifier.channelFor(user.toHexString());
    const [, subscribers] = (await publisher.pubsub('NUMSUB', channel)) as [string, number];
    expect(Number(subscribers)).toBe(0);
    await journal.append([entry(3)]);
    await sleep(300);
    expect(seen.delivered).toHaveLength(1);
  });

  it('reports JOURNAL_EXPIRED and stops when it starts below the floor', async () => {
    const user = new ObjectId();
    const mailbox = await createMailbox(user);
    await silentJournal.append([1, 2].map((modseq) => ({ user, mailbox, modseq, kind: 'exists' as const })));
    await new JournalSweeper(db, 60).sweepOnce(new Date(Date.now() + 61_000));
    const expired: MailStoreError[] = [];
    const seen = recorder();
    const watch = await watcher().watchMailbox(user, mailbox, 1, seen.onChanges, {
      onExpired: (error) => expired.push(error),
    });
    await waitFor(() => expired.length === 1, 1000);
    expect(expired[0]!.code).toBe('JOURNAL_EXPIRED');
    expect(watch.stopped).toBe(true);
    expect(seen.delivered).toEqual([]);
    await watch.stop();

    // From the floor itself the journal is exact again.
    const resumed = await watcher().watchMailbox(user, mailbox, 2, seen.onChanges);
    await journal.append([{ user, mailbox, modseq: 3, kind: 'exists' }]);
    await waitFor(() => seen.delivered.length === 1, 1000);
    await resumed.stop();
  });
});
