import { testConfig } from '@eider/testing';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { JournalBlockReader } from './journal-block.reader';
import { JournalService, positionOf } from './journal.service';
import {
  JOURNAL_BLOCK_SIZE,
  MAILBOXES_COLLECTION,
  type JournalEntry,
  type JournalEntryInput,
} from './journal.types';

/**
 * The block reader must answer exactly what the plain `{mailbox, modseq: {$gt}}` query answers. The probe
 * is told "indexed" so the block path runs on whichever store the suite has; the store itself is real.
 */
describe('JournalBlockReader (real store)', () => {
  const config = testConfig();
  let client: MongoClient;
  let db: Db;
  const user = new ObjectId();
  const indexed = { indexed: () => Promise.resolve(true) };

  const entry = (mailbox: ObjectId, modseq: number, uid = modseq): JournalEntryInput => ({
    user,
    mailbox,
    modseq,
    kind: 'flags',
    uid,
    flags: ['\\Seen'],
  });
  const ids = (entries: JournalEntry[]): string[] => entries.map((change) => change._id.toHexString());

  beforeAll(async () => {
    client = await new MongoClient(config.mongo.uri).connect();
    db = client.db(config.mongo.database);
  });
  afterAll(async () => {
    await client.close();
  });

  it('reads across blocks in (modseq, _id) order, from the middle of a modseq, up to the limit', async () => {
    const mailbox = new ObjectId();
    await db.collection(MAILBOXES_COLLECTION).insertOne({ _id: mailbox, journalBlocksFrom: 0 });
    let highest = 0;
    const reader = new JournalBlockReader(db, () => Promise.resolve(highest), indexed);
    const plain = new JournalService(db);
    const blocked = new JournalService(db, { blockReader: reader });
    const last = 3 * JOURNAL_BLOCK_SIZE + 5;
    // Out of order, and a modseq with several entries on a block edge.
    for (let modseq = last; modseq >= 1; modseq -= 2) await plain.append([entry(mailbox, modseq)]);
    for (let modseq = 2; modseq <= last; modseq += 2) await plain.append([entry(mailbox, modseq)]);
    const edge = JOURNAL_BLOCK_SIZE * 2;
    await plain.append([entry(mailbox, edge, 900), entry(mailbox, edge, 901)]);
    await plain.append([entry(new ObjectId(), 7)]);
    highest = last;
    for (const since of [0, 1, JOURNAL_BLOCK_SIZE - 1, edge - 1, edge, last - 1, last]) {
      expect(ids(await blocked.changesSince(mailbox, since, 10_000))).toEqual(
        ids(await plain.changesSince(mailbox, since, 10_000)),
      );
    }
    const all = await plain.changesSince(mailbox, edge - 1, 10_000);
    const middle = positionOf(all[1]!);
    expect(ids(await blocked.changesAfter(mailbox, middle, 50))).toEqual(
      ids(await plain.changesAfter(mailbox, middle, 50)),
    );
    expect(await blocked.changesSince(mailbox, 0, 7)).toHaveLength(7);
  });

  it('leaves mailboxes from before blocks to the plain query until their mark', async () => {
    const mailbox = new ObjectId();
    await db.collection(MAILBOXES_COLLECTION).insertOne({ _id: mailbox });
    const reader = new JournalBlockReader(db, () => Promise.resolve(40), indexed);
    // An entry as an older version stored it: no modseqBlock.
    await db
      .collection('journal')
      .insertOne({
        _id: new ObjectId(),
        user,
        mailbox,
        modseq: 30,
        kind: 'flags',
        uid: 1,
        created: new Date(),
      });
    expect(await reader.findAfter(mailbox, { modseq: 10 }, 100)).toBeNull();
    const mark = (await db.collection(MAILBOXES_COLLECTION).findOne({ _id: mailbox }))?.['journalBlocksFrom'];
    expect(mark).toBe(41);
    expect(await reader.findAfter(mailbox, { modseq: 41 }, 100)).toEqual([]);
    expect(
      await new JournalBlockReader(db, () => Promise.resolve(40), {
        indexed: () => Promise.resolve(false),
      }).findAfter(mailbox, { modseq: 50 }, 10),
    ).toBeNull();
  });
});
