import { testConfig } from '@eider/testing';
import { MongoClient, ObjectId, type Collection, type Db } from 'mongodb';
import { FlagWriter } from './flag.writer';
import type { StoredMessageDocument } from './message-body.document';
import { UID_BLOCK_SIZE, uidBlockOf } from './uid-block';
import { fitsInFewBlocks, MAX_EQUALITY_BLOCKS, readByUidBlocks } from './uid-block.reader';

/** Equality reads by UID block must find exactly the messages `uid: {$in}` finds, in UID order. */
describe('reads by UID block (real store)', () => {
  const config = testConfig();
  let client: MongoClient;
  let db: Db;
  let messages: Collection<StoredMessageDocument>;

  beforeAll(async () => {
    client = await new MongoClient(config.mongo.uri).connect();
    db = client.db(config.mongo.database);
    messages = db.collection<StoredMessageDocument>('messages');
  });
  afterAll(async () => {
    await client.close();
  });

  const seed = async (mailbox: ObjectId, uids: number[], withoutBlock: Set<number>): Promise<void> => {
    const documents = uids.map((uid) => ({
      _id: new ObjectId(),
      mailbox,
      uid,
      modseq: uid,
      flags: uid % 2 ? ['\\Seen'] : [],
      ...(withoutBlock.has(uid) ? {} : { uidBlock: uidBlockOf(uid) }),
    }));
    await messages.insertMany(documents as unknown as StoredMessageDocument[]);
  };

  it('finds the asked UIDs across blocks, including documents without a block, and skips missing ones', async () => {
    const mailbox = new ObjectId();
    const stored = [
      1,
      2,
      3,
      UID_BLOCK_SIZE - 1,
      UID_BLOCK_SIZE,
      UID_BLOCK_SIZE * 3 + 7,
      UID_BLOCK_SIZE * 3 + 8,
    ];
    await seed(mailbox, stored, new Set([2, UID_BLOCK_SIZE * 3 + 8]));
    await seed(new ObjectId(), [1, 2, 3], new Set());
    const asked = [UID_BLOCK_SIZE * 3 + 8, 2, 3, 5, UID_BLOCK_SIZE, UID_BLOCK_SIZE * 3 + 7, 1];
    const found = await readByUidBlocks(messages, { mailbox }, asked, { projection: { uid: 1, flags: 1 } });
    expect(found.map((message) => message.uid)).toEqual([
      1,
      2,
      3,
      UID_BLOCK_SIZE,
      UID_BLOCK_SIZE * 3 + 7,
      UID_BLOCK_SIZE * 3 + 8,
    ]);
    const writer = new FlagWriter(messages, true, { indexed: () => Promise.resolve(true) });
    const current = await writer.current(mailbox, [3, 1, 9]);
    expect(current.map((message) => [message.uid, message.flags])).toEqual([
      [1, ['\\Seen']],
      [3, ['\\Seen']],
    ]);
  });

  it('uses blocks only for UIDs spread over few of them', () => {
    expect(fitsInFewBlocks([1, 2, UID_BLOCK_SIZE * MAX_EQUALITY_BLOCKS - 1])).toBe(true);
    expect(
      fitsInFewBlocks(Array.from({ length: MAX_EQUALITY_BLOCKS + 1 }, (_, i) => i * UID_BLOCK_SIZE)),
    ).toBe(false);
  });
});
