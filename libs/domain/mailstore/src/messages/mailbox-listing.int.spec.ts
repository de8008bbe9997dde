import { MongoClient, ObjectId, type Db } from 'mongodb';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { connectTestDatabase } from '@eider/testing';
import { MailStore } from '../mail-store.factory';
import type { MailboxDocument } from '../model/documents';
import type { StoredMessageDocument } from './message-body.document';
import type { MailboxListCriteria, MessagePage, PageRequest } from './message-listing.service';

const rawMessage = (index: number): Buffer =>
  Buffer.from(
    `Subject: listing ${index}\r\nFrom: dora@example.com\r\nTo: ed@example.com\r\n\r\nbody ${index}\r\n`,
  );

interface PageShape {
  uids: number[];
  total: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

const shape = (page: MessagePage): PageShape => ({
  uids: page.items.map((item) => item.uid),
  total: page.total,
  hasNext: page.hasNext,
  hasPrevious: page.hasPrevious,
});

// UIDs 1..12 with 4, 5 and 9 expunged; 1, 2, 7 and 11 seen, so unseen is 3, 6, 8, 10, 12.

describe('mailbox listing pages (real store)', () => {
  let client: MongoClient;
  let db: Db;
  let inbox: MailboxDocument;
  let store: MailStore;

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    await ensureIndexes(db);
    store = new MailStore(db, await detectStoreCapabilities(db), {
      maxMessageSize: 1024 * 1024,
      journalRetentionSeconds: 3600,
      // Holes and flags are written behind the store's back below; tallies would not see them.
      tallies: false,
    });
    const user = await store.users.create({ username: `listing-${Date.now()}`, quota: 0 });
    inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    for (let index = 1; index <= 12; index++) await store.ingest.add(inbox, rawMessage(index));
    // Holes and flags written directly: the listing reads only these fields.
    const messages = db.collection<StoredMessageDocument>('messages');
    await messages.deleteMany({ mailbox: inbox._id, uid: { $in: [4, 5, 9] } });
    await messages.updateMany(
      { mailbox: inbox._id, uid: { $in: [1, 2, 7, 11] } },
      { $set: { unseen: false } },
    );
  });

  afterAll(async () => {
    await client.close();
  });

  const list = async (
    criteria: MailboxListCriteria,
    request: PageRequest<number>,
    mailbox: ObjectId = inbox._id,
  ): Promise<PageShape> => shape(await store.listing.listMailbox(mailbox, criteria, request));

  it('pages newest first across UID holes, with the total and both edges', async () => {
    expect(await list({}, { limit: 3, order: 'desc' })).toEqual({
      uids: [12, 11, 10],
      total: 9,
      hasNext: true,
      hasPrevious: false,
    });
    expect(await list({}, { limit: 3, order: 'desc', after: 10 })).toEqual({
      uids: [8, 7, 6],
      total: 9,
      hasNext: true,
      hasPrevious: true,
    });
    expect(await list({}, { limit: 3, order: 'desc', after: 3 })).toEqual({
      uids: [2, 1],
      total: 9,
      hasNext: false,
      hasPrevious: true,
    });
  });

  it('goes back with `before` in both orders', async () => {
    expect(await list({}, { limit: 3, order: 'desc', before: 6 })).toEqual({
      uids: [10, 8, 7],
      total: 9,
      hasNext: true,
      hasPrevious: true,
    });
    expect(await list({}, { limit: 3, order: 'asc', before: 3 })).toEqual({
      uids: [1, 2],
      total: 9,
      hasNext: true,
      hasPrevious: false,
    });
  });

  it('filters unseen messages, counting only those, from a cursor on a hole', async () => {
    expect(await list({ unseen: true }, { limit: 2, order: 'desc', after: 9 })).toEqual({
      uids: [8, 6],
      total: 5,
      hasNext: true,
      hasPrevious: true,
    });
    expect(await list({ unseen: false }, { limit: 10, order: 'asc' })).toEqual({
      uids: [1, 2, 7, 11],
      total: 4,
      hasNext: false,
      hasPrevious: false,
    });
  });

  it('answers an empty page past the last message and an empty mailbox', async () => {
    expect(await list({}, { limit: 3, order: 'desc', after: 1 })).toEqual({
      uids: [],
      total: 9,
      hasNext: false,
      hasPrevious: true,
    });
    expect(await list({}, { limit: 3, order: 'asc', after: 5 }, new ObjectId())).toEqual({
      uids: [],
      total: 0,
      hasNext: false,
      hasPrevious: false,
    });
  });
});
