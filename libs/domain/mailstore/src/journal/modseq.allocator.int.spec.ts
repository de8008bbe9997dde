import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { detectStoreCapabilities } from '@eider/mongo';
import { testConfig } from '@eider/testing';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { isMailStoreError } from '../errors/mail-store.error';
import { CounterChainAllocator } from './counter-chain.allocator';
import { COUNTER_LINKS_COLLECTION, MAILBOXES_COLLECTION } from './journal.types';
import { counterModeFor, ModseqAllocator, type CounterMode, type UidAllocation } from './modseq.allocator';

const FIXTURES = join(__dirname, 'fixtures');
const MODES: CounterMode[] = ['atomic-update', 'insert-chain'];

type ChildMessage =
  { type: 'ready' } | { type: 'done'; results: UidAllocation[] } | { type: 'error'; message: string };

const nextMessage = (child: ChildProcess): Promise<ChildMessage> =>
  new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`child exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as ChildMessage);
    });
  });

const settledValue = <T>(result: PromiseSettledResult<T> | undefined): T => {
  if (result?.status !== 'fulfilled') throw result?.reason ?? new Error('missing result');
  return result.value;
};

describe('ModseqAllocator (real store, several processes)', () => {
  const config = testConfig();
  let client: MongoClient;
  let db: Db;
  let buildRoot: string;
  let storeMode: CounterMode;

  const createMailbox = async (uidNext = 1, modseq = 0): Promise<ObjectId> => {
    const _id = new ObjectId();
    await db.collection(MAILBOXES_COLLECTION).insertOne({
      _id,
      user: new ObjectId(),
      path: `INBOX-${_id.toHexString()}`,
      uidValidity: 1_700_000_000,
      uidNext,
      modseq,
    });
    return _id;
  };

  beforeAll(async () => {
    client = await new MongoClient(config.mongo.uri).connect();
    db = client.db(config.mongo.database);
    storeMode = counterModeFor(await detectStoreCapabilities(db));
    buildRoot = execFileSync(
      process.execPath,
      [join(FIXTURES, 'private-build.script.mjs'), 'libs/domain/mailstore'],
      {
        encoding: 'utf8',
      },
    );
  });
  afterAll(async () => {
    await client.close();
    if (buildRoot) rmSync(buildRoot, { recursive: true, force: true });
  });

  describe.each(MODES)('%s mode, one writer', (mode) => {
    it('hands out the range after the current counters, one modseq per allocation', async () => {
      const mailbox = await createMailbox(41, 7);
      const allocator = new ModseqAllocator(db, mode);
      expect(await allocator.allocateUids(mailbox, 3)).toEqual({
        firstUid: 41,
        lastUid: 43,
        modseq: 8,
        uidValidity: 1_700_000_000,
      });
      expect(await allocator.allocateModseq(mailbox)).toBe(9);
      expect(await allocator.allocateUids(mailbox, 1)).toMatchObject({
        firstUid: 44,
        lastUid: 44,
        modseq: 10,
      });
      expect(await allocator.current(mailbox)).toEqual({
        uidNext: 45,
        modseq: 10,
        uidValidity: 1_700_000_000,
      });
      // A second instance (another process, cold) continues from the same counters.
      expect(await new ModseqAllocator(db, mode).allocateUids(mailbox, 2)).toMatchObject({
        firstUid: 45,
        modseq: 11,
      });
      expect(await allocator.current(mailbox)).toMatchObject({ uidNext: 47, modseq: 11 });
    });

    it('rejects unknown mailboxes and bad counts', async () => {
      const allocator = new ModseqAllocator(db, mode);
      const missing = new ObjectId();
      const notFound = (error: unknown): boolean => isMailStoreError(error, 'MAILBOX_NOT_FOUND');
      await expect(allocator.allocateUids(missing, 1)).rejects.toSatisfy(notFound);
      await expect(allocator.allocateModseq(missing)).rejects.toSatisfy(notFound);
      await expect(allocator.current(missing)).rejects.toSatisfy(notFound);
      const mailbox = await createMailbox();
      await expect(allocator.allocateUids(mailbox, 0)).rejects.toThrow(RangeError);
      await expect(allocator.allocateUids(mailbox, 1.5)).rejects.toThrow(RangeError);
    });

    it('keeps counting past 2^31 without losing precision', async () => {
      const mailbox = await createMailbox(2 ** 31 - 1, 2 ** 31 - 1);
      const allocator = new ModseqAllocator(db, mode);
      expect(await allocator.allocateUids(mailbox, 2)).toMatchObject({
        firstUid: 2 ** 31 - 1,
        modseq: 2 ** 31,
      });
      expect(await allocator.allocateUids(mailbox, 1)).toMatchObject({
        firstUid: 2 ** 31 + 1,
        modseq: 2 ** 31 + 1,
      });
    });
  });

  it('insert-chain: pruning keeps the newest link, and warm and cold allocators carry on from it', async () => {
    const mailbox = await createMailbox();
    const warm = new ModseqAllocator(db, 'insert-chain');
    for (let i = 0; i < 5; i++) await warm.allocateUids(mailbox, 2);
    const links = db.collection(COUNTER_LINKS_COLLECTION);
    expect(await links.countDocuments({ mailbox })).toBe(5);
    const pruned = await new CounterChainAllocator(db).prune(mailbox, new Date(Date.now() + 2 * 3600_000));
    expect(pruned).toBe(4);
    expect(await warm.allocateUids(mailbox, 1)).toMatchObject({ firstUid: 11, modseq: 6 });
    expect(await new ModseqAllocator(db, 'insert-chain').allocateUids(mailbox, 1)).toMatchObject({
      firstUid: 12,
      modseq: 7,
    });
    expect(await warm.allocateModseq(mailbox)).toBe(8);
    await warm.forgetMailbox(mailbox);
    expect(await links.countDocuments({ mailbox })).toBe(0);
  });

  // The store's own mode must hold up under real concurrency; on MongoDB both modes are atomic.
  it.for(MODES)(
    '%s mode: 4 connections x 100 concurrent writers plus a forked process get disjoint, gap-free UIDs',
    async (mode, context) => {
      // FerretDB v1 updates are read-modify-write without isolation: atomic-update is not used there.
      if (storeMode === 'insert-chain' && mode === 'atomic-update') context.skip();
      const mailbox = await createMailbox();
      const perWriter = 100;
      const child = fork(
        join(FIXTURES, 'allocate-uids.child.mjs'),
        [buildRoot, config.mongo.uri, config.mongo.database, mailbox.toHexString(), String(perWriter), mode],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      );
      const clients = await Promise.all(
        Array.from({ length: 4 }, () => new MongoClient(config.mongo.uri, { maxPoolSize: 20 }).connect()),
      );
      try {
        expect(await nextMessage(child)).toEqual({ type: 'ready' });
        const childDone = nextMessage(child);
        child.send({ type: 'go' });
        const started = performance.now();
        // Every writer also takes bare modseqs in between, as flag changes would.
        const bareModseqs: Promise<number>[] = [];
        const local = clients.map((writer) => {
          const allocator = new ModseqAllocator(writer.db(config.mongo.database), mode);
          return Promise.all(
            Array.from({ length: perWriter }, (_, i) => {
              if (i % 10 === 0) bareModseqs.push(allocator.allocateModseq(mailbox));
              return allocator.allocateUids(mailbox, (i % 3) + 1);
            }),
          );
        });
        // Settle everything before judging, so no allocation is still running when the clients close.
        const [fromChild, ...settled] = await Promise.allSettled([childDone, ...local, ...bareModseqs]);
        const elapsed = performance.now() - started;
        const childResult = settledValue(fromChild);
        if (childResult.type !== 'done') throw new Error(`child failed: ${JSON.stringify(childResult)}`);
        const allocations = [
          ...settled.slice(0, local.length).flatMap((result) => settledValue(result) as UidAllocation[]),
          ...childResult.results,
        ];
        const bare = settled.slice(local.length).map((result) => settledValue(result) as number);
        console.info(`${mode}: ${allocations.length + bare.length} allocations in ${Math.round(elapsed)} ms`);

        expect(allocations).toHaveLength(5 * perWriter);
        const uids = allocations.flatMap(({ firstUid, lastUid }) =>
          Array.from({ length: lastUid - firstUid + 1 }, (_, k) => firstUid + k),
        );
        expect(new Set(uids).size).toBe(uids.length);
        expect([...uids].sort((a, b) => a - b)).toEqual(Array.from({ length: uids.length }, (_, k) => k + 1));

        // Every allocation got its own modseq, and both counters moved in the same step: ordered by UID,
        // the allocations are ordered by modseq too.
        const modseqs = [...allocations.map((allocation) => allocation.modseq), ...bare].sort(
          (a, b) => a - b,
        );
        expect(modseqs).toEqual(Array.from({ length: modseqs.length }, (_, k) => k + 1));
        const byUid = [...allocations].sort((a, b) => a.firstUid - b.firstUid);
        for (let i = 1; i < byUid.length; i++) {
          expect(byUid[i]!.modseq).toBeGreaterThan(byUid[i - 1]!.modseq);
        }
        expect(await new ModseqAllocator(db, mode).current(mailbox)).toMatchObject({
          uidNext: uids.length + 1,
          modseq: modseqs.length,
        });
      } finally {
        child.kill();
        await Promise.all(clients.map((writer) => writer.close()));
      }
    },
  );
});
