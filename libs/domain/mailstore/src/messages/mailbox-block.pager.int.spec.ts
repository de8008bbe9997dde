import { ObjectId, type Collection, type Db, type MongoClient } from 'mongodb';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { connectTestDatabase } from '@eider/testing';
import { MailStore } from '../mail-store.factory';
import type { MailboxDocument } from '../model/documents';
import { MailboxBlockPager, MAX_BLOCK_READS, type BlockFilter } from './mailbox-block.pager';
import type { StoredMessageDocument } from './message-body.document';
import { MessageListingService, type MailboxListCriteria, type MessagePage } from './message-listing.service';
import { UidBlockBackfill } from './uid-block.backfill';
import { UID_BLOCK_SIZE } from './uid-block';

// Dense runs, a hole inside a block, a hole across a block boundary and two wholly empty blocks (2, 3).
const PRESENT = [...range(1, 39), ...range(51, 63), ...range(66, 99), 127, ...range(262, 300)];
const SPARSE = [1, 2, 3, MAX_BLOCK_READS * UID_BLOCK_SIZE + 70, MAX_BLOCK_READS * UID_BLOCK_SIZE + 71];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

/** Listing-shaped documents without `uidBlock`, as stored before it existed. */
const insertLegacy = async (
  store: MailStore,
  messages: Collection<StoredMessageDocument>,
  mailbox: MailboxDocument,
  uids: number[],
): Promise<void> => {
  const { firstUid, modseq } = await store.allocator.allocateUids(mailbox._id, Math.max(...uids));
  const documents = uids.map((uid) => ({
    _id: new ObjectId(),
    user: mailbox.user,
    mailbox: mailbox._id,
    uid: firstUid + uid - 1,
    modseq,
    flags: [],
    unseen: uid % 3 === 0,
    flagged: uid % 5 === 0,
    deleted: false,
    subject: `legacy ${uid}`,
    size: 10,
  }));
  await messages.insertMany(documents as unknown as StoredMessageDocument[]);
};

const shape = (page: MessagePage) => ({
  uids: page.items.map((item) => item.uid),
  total: page.total,
  hasNext: page.hasNext,
  hasPrevious: page.hasPrevious,
});

describe('block-wise mailbox pages (real store)', () => {
  let client: MongoClient;
  let db: Db;
  let store: MailStore;
  let messages: Collection<StoredMessageDocument>;
  let inbox: MailboxDocument;
  let sparse: MailboxDocument;
  let backfill: UidBlockBackfill;
  let pager: MailboxBlockPager;
  let plain: MessageListingService;
  let blocked: MessageListingService;

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    await ensureIndexes(db);
    store = new MailStore(db, await detectStoreCapabilities(db), {
      maxMessageSize: 1024 * 1024,
      journalRetentionSeconds: 3600,
    });
    messages = db.collection<StoredMessageDocument>('messages');
    const user = await store.users.create({ username: `blocks-${Date.now().toString(36)}`, quota: 0 });
    inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    sparse = await store.mailboxes.create(user._id, 'Sparse');
    // Mailboxes made before `uidBlock` existed carry no mark; new ones are marked at creation.
    for (const mailbox of [inbox, sparse])
      await db.collection('mailboxes').updateOne({ _id: mailbox._id }, { $unset: { uidBlocks: '' } });
    await insertLegacy(store, messages, inbox, PRESENT);
    await insertLegacy(store, messages, sparse, SPARSE);
    backfill = new UidBlockBackfill(db, messages);
    pager = new MailboxBlockPager(messages, backfill, store.allocator);
    plain = new MessageListingService(messages, store.messageBodies);
    blocked = new MessageListingService(messages, store.messageBodies, { pager });
  });

  afterAll(async () => {
    await client.close();
  });

  it('backfills uidBlock once per mailbox and marks the mailbox', async () => {
    expect(await messages.countDocuments({ mailbox: inbox._id, uidBlock: { $exists: true } })).toBe(0);
    expect(await backfill.ensure(inbox._id)).toBe(true);
    const stored = await messages
      .find({ mailbox: inbox._id }, { projection: { uid: 1, uidBlock: 1 } })
      .toArray();
    expect(stored).toHaveLength(PRESENT.length);
    for (const { uid, uidBlock } of stored) expect(uidBlock).toBe(Math.floor(uid / UID_BLOCK_SIZE));
    const mark = await db.collection('mailboxes').findOne({ _id: inbox._id });
    expect(mark?.['uidBlocks']).toBe(true);
    // A fresh process trusts the mark instead of reading the mailbox again.
    const fresh = new UidBlockBackfill(db, messages);
    await messages.updateOne({ mailbox: inbox._id, uid: 1 }, { $unset: { uidBlock: '' } });
    expect(await fresh.ensure(inbox._id)).toBe(true);
    expect((await messages.findOne({ mailbox: inbox._id, uid: 1 }))?.uidBlock).toBeUndefined();
    expect(await fresh.backfill(inbox._id)).toBe(1);
    expect(await backfill.ensure(new ObjectId())).toBe(false);
  });

  const criteria: MailboxListCriteria[] = [
    {},
    { unseen: true },
    { flagged: true },
    { unseen: false, flagged: true },
  ];
  const cursors = [0, 1, 39, 45, 63, 64, 65, 128, 200, 262, 300, 1000];

  it('pages like the plain query across holes and block boundaries, both ways, with filters', async () => {
    for (const filter of criteria) {
      for (const order of ['desc', 'asc'] as const) {
        for (const limit of [2, 30]) {
          const requests = [
            { limit, order },
            ...cursors.flatMap((key) => [
              { limit, order, after: key },
              { limit, order, before: key },
            ]),
          ];
          for (const request of requests) {
            const expected = shape(await plain.listMailbox(inbox._id, filter, request));
            const actual = shape(await blocked.listMailbox(inbox._id, filter, request));
            expect({ filter, request, ...actual }).toEqual({ filter, request, ...expected });
          }
        }
      }
    }
  }, 600_000);

  it('gives up on long walks through empty blocks, and the listing falls back to the plain query', async () => {
    const top = SPARSE[SPARSE.length - 1]!;
    const filter: BlockFilter = { mailbox: sparse._id };
    expect(await pager.page(filter, { limit: 3, order: 'desc', after: top - 1 }, 3)).toBeNull();
    // Near the top a walk stays short.
    expect(await pager.page(filter, { limit: 1, order: 'desc' }, 1)).toMatchObject({
      hasNext: true,
      hasPrevious: false,
    });
    for (const request of [
      { limit: 3, order: 'desc' as const },
      { limit: 3, order: 'desc' as const, after: top - 1 },
      { limit: 2, order: 'asc' as const, after: 2 },
      { limit: 2, order: 'asc' as const, before: top },
    ]) {
      expect(shape(await blocked.listMailbox(sparse._id, {}, request))).toEqual(
        shape(await plain.listMailbox(sparse._id, {}, request)),
      );
    }
  });
});
