import { testConfig } from '@eider/testing';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { isMailStoreError } from '../errors/mail-store.error';
import { JournalService, positionOf } from './journal.service';
import { JournalSweeper } from './journal.sweeper';
import {
  JOURNAL_COLLECTION,
  JOURNAL_FLOORS_COLLECTION,
  type JournalBeacon,
  type JournalEntry,
  type JournalEntryInput,
} from './journal.types';

const RETENTION_SECONDS = 3600;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const expired = (error: unknown): boolean => isMailStoreError(error, 'JOURNAL_EXPIRED');

describe('JournalService and JournalSweeper (real store)', () => {
  const config = testConfig();
  let client: MongoClient;
  let db: Db;
  const user = new ObjectId();

  const entry = (
    mailbox: ObjectId,
    modseq: number,
    extra: Partial<JournalEntryInput> = {},
  ): JournalEntryInput => ({
    user,
    mailbox,
    modseq,
    kind: 'exists',
    uid: modseq,
    ...extra,
  });
  const modseqsOf = (entries: JournalEntry[]): number[] => entries.map((change) => change.modseq);
  const countIn = (mailbox: ObjectId): Promise<number> =>
    db.collection(JOURNAL_COLLECTION).countDocuments({ mailbox });

  beforeAll(async () => {
    client = await new MongoClient(config.mongo.uri).connect();
    db = client.db(config.mongo.database);
  });
  afterAll(async () => {
    await client.close();
  });

  it('returns changes after a modseq in (modseq, _id) order, whatever order they were appended in', async () => {
    const journal = new JournalService(db);
    const mailbox = new ObjectId();
    const other = new ObjectId();
    // A writer that allocated modseq 3 may append after the one that got 4.
    await journal.append([entry(mailbox, 1), entry(mailbox, 2)]);
    await journal.append([entry(mailbox, 4, { kind: 'flags', flags: ['\\Seen'] })]);
    await journal.append([entry(mailbox, 3, { kind: 'expunge' }), entry(other, 3)]);
    // Several entries of one modseq (one allocateUids for three messages), stored in the given order.
    const batch = await journal.append([
      entry(mailbox, 5, { uid: 10 }),
      entry(mailbox, 5, { uid: 11 }),
      entry(mailbox, 5, { uid: 12 }),
    ]);

    const all = await journal.changesSince(mailbox, 0);
    expect(modseqsOf(all)).toEqual([1, 2, 3, 4, 5, 5, 5]);
    expect(all.slice(4).map((change) => change.uid)).toEqual([10, 11, 12]);
    expect(all.slice(4).map((change) => change._id.toHexString())).toEqual(
      batch.map((change) => change._id.toHexString()),
    );
    expect(all[3]).toMatchObject({ kind: 'flags', flags: ['\\Seen'], user });
    expect(all[0]!.created).toBeInstanceOf(Date);
    expect(modseqsOf(await journal.changesSince(mailbox, 3))).toEqual([4, 5, 5, 5]);
    expect(await journal.changesSince(mailbox, 5)).toEqual([]);
    expect(modseqsOf(await journal.changesSince(other, 0))).toEqual([3]);
  });

  it('pages with changesAfter without losing or repeating entries inside one modseq', async () => {
    const journal = new JournalService(db);
    const mailbox = new ObjectId();
    await journal.append([1, 2, 2, 2, 2, 3, 4, 4].map((modseq, i) => entry(mailbox, modseq, { uid: i + 1 })));
    const seen: number[] = [];
    let page = await journal.changesSince(mailbox, 0, 3);
    while (page.length > 0) {
      seen.push(...page.map((change) => change.uid!));
      page = await journal.changesAfter(mailbox, positionOf(page[page.length - 1]!), 3);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('rejects malformed entries and arguments', async () => {
    const journal = new JournalService(db);
    const mailbox = new ObjectId();
    await expect(journal.append([entry(mailbox, 0)])).rejects.toThrow(RangeError);
    await expect(journal.append([entry(mailbox, 1, { kind: 'bogus' as 'exists' })])).rejects.toThrow(
      RangeError,
    );
    await expect(journal.changesSince(mailbox, -1)).rejects.toThrow(RangeError);
    await expect(journal.changesSince(mailbox, 0, 0)).rejects.toThrow(RangeError);
    expect(await journal.append([])).toEqual([]);
    expect(await countIn(mailbox)).toBe(0);
  });

  it('announces each touched mailbox once per append, and a failing beacon does not fail the append', async () => {
    const sent: Array<{ userId: string; beacon: JournalBeacon }> = [];
    const errors: unknown[] = [];
    let fail = false;
    const journal = new JournalService(db, {
      beacons: {
        publish: (userId, beacon) => {
          if (fail) return Promise.reject(new Error('redis down'));
          sent.push({ userId, beacon });
          return Promise.resolve(1);
        },
      },
      onBeaconError: (error) => errors.push(error),
    });
    const inbox = new ObjectId();
    const sentFolder = new ObjectId();
    await journal.append([entry(inbox, 7), entry(inbox, 8), entry(sentFolder, 2, { kind: 'expunge' })]);
    expect(sent).toEqual([
      { userId: user.toHexString(), beacon: { mailbox: inbox.toHexString(), modseq: 8, kind: 'exists' } },
      {
        userId: user.toHexString(),
        beacon: { mailbox: sentFolder.toHexString(), modseq: 2, kind: 'expunge' },
      },
    ]);
    fail = true;
    await journal.append([entry(inbox, 9)]);
    expect(errors).toHaveLength(1);
    expect(modseqsOf(await journal.changesSince(inbox, 8))).toEqual([9]);
  });

  it('sweeping moves the floor first: reads from below it fail with JOURNAL_EXPIRED, from the floor on they are exact', async () => {
    const journal = new JournalService(db);
    const sweeper = new JournalSweeper(db, RETENTION_SECONDS, { batchSize: 2 });
    const mailbox = new ObjectId();
    const untouched = new ObjectId();
    const old = await journal.append([1, 2, 3, 3].map((modseq) => entry(mailbox, modseq)));
    await journal.append([entry(untouched, 1)]);
    await sleep(20);
    const recent = await journal.append([4, 5].map((modseq) => entry(mailbox, modseq)));
    // A clock at which the first appends are past retention and the last are not.
    const between = (old[0]!.created.getTime() + recent[0]!.created.getTime()) / 2;
    const now = new Date(between + RETENTION_SECONDS * 1000);

    expect(await journal.floor(mailbox)).toBe(0);
    // Other tests' entries share the collection: count only this test's.
    expect(await sweeper.sweepOnce(now)).toBeGreaterThanOrEqual(5);
    expect(await countIn(mailbox)).toBe(2);
    expect(await countIn(untouched)).toBe(0);
    expect(await journal.floor(mailbox)).toBe(3);
    expect(await journal.floor(untouched)).toBe(1);

    for (const since of [0, 1, 2]) {
      await expect(journal.changesSince(mailbox, since)).rejects.toSatisfy(expired);
    }
    expect(modseqsOf(await journal.changesSince(mailbox, 3))).toEqual([4, 5]);
    expect(modseqsOf(await journal.changesSince(mailbox, 4))).toEqual([5]);

    // A sweep with an earlier clock (another process, behind) never lowers the floor.
    await sweeper.sweepOnce(new Date(now.getTime() - 60_000));
    expect(await journal.floor(mailbox)).toBe(3);
    // Nothing left to expire: idempotent.
    expect(await sweeper.sweepOnce(now)).toBe(0);
    expect(await countIn(mailbox)).toBe(2);
  });

  it('deletes late, lower-modseq entries with the expired ones, since they are under the floor anyway', async () => {
    const journal = new JournalService(db);
    const sweeper = new JournalSweeper(db, RETENTION_SECONDS);
    const mailbox = new ObjectId();
    const [first] = await journal.append([entry(mailbox, 10)]);
    await sleep(20);
    // Appended later but with a lower modseq (its writer allocated earlier): not yet past retention.
    const [late] = await journal.append([entry(mailbox, 9)]);
    const now = new Date((first!.created.getTime() + late!.created.getTime()) / 2 + RETENTION_SECONDS * 1000);
    await sweeper.sweepOnce(now);
    expect(await countIn(mailbox)).toBe(0);
    expect(await journal.floor(mailbox)).toBe(10);
    expect(await journal.changesSince(mailbox, 10)).toEqual([]);
    await expect(journal.changesSince(mailbox, 9)).rejects.toSatisfy(expired);
  });

  it('keeps the highest floor when sweepers race, and compacts older floor records', async () => {
    const journal = new JournalService(db);
    const mailbox = new ObjectId();
    await journal.append([1, 2, 3, 4, 5, 6].map((modseq) => entry(mailbox, modseq)));
    const now = new Date(Date.now() + RETENTION_SECONDS * 1000 + 1000);
    const sweepers = Array.from(
      { length: 4 },
      () => new JournalSweeper(db, RETENTION_SECONDS, { batchSize: 1 }),
    );
    await Promise.all(sweepers.map((sweeper) => sweeper.sweepOnce(now)));
    expect(await journal.floor(mailbox)).toBe(6);
    expect(await countIn(mailbox)).toBe(0);
    const records = await db.collection(JOURNAL_FLOORS_COLLECTION).find({ mailbox }).toArray();
    expect(records.map((record) => record['expiredUpTo'] as number)).toContain(6);
    expect(Math.min(...records.map((record) => record['expiredUpTo'] as number))).toBeGreaterThan(1);

    await journal.forgetMailbox(mailbox);
    expect(await journal.floor(mailbox)).toBe(0);
  });

  it('runs on a timer until stopped', async () => {
    const journal = new JournalService(db);
    const sweeper = new JournalSweeper(db, 1);
    const mailbox = new ObjectId();
    await journal.append([entry(mailbox, 1)]);
    await sleep(1100);
    const errors: unknown[] = [];
    sweeper.start(50, (error) => errors.push(error));
    const deadline = Date.now() + 5000;
    while ((await journal.floor(mailbox)) < 1 && Date.now() < deadline) await sleep(50);
    sweeper.stop();
    expect(errors).toEqual([]);
    expect(await journal.floor(mailbox)).toBe(1);
  });
});
