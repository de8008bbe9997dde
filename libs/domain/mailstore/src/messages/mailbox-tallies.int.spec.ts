import type { Db, MongoClient, ObjectId } from 'mongodb';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { connectTestDatabase } from '@eider/testing';
import { MailStore } from '../mail-store.factory';
import type { MailboxDocument } from '../model/documents';
import type { MailboxCounts } from './message-query.service';
import type { StoredMessageDocument } from './message-body.document';

const raw = (index: number, size = 10): Buffer =>
  Buffer.from(`Subject: tallied ${index}\r\nFrom: a@example.com\r\n\r\n${'x'.repeat(size)} ${index}\r\n`);

/** What a scan of the messages says, the truth a tally must agree with. */
const scanned = async (db: Db, mailbox: ObjectId): Promise<MailboxCounts> => {
  const rows = await db
    .collection<StoredMessageDocument>('messages')
    .find({ mailbox }, { projection: { unseen: 1, deleted: 1, sizeCrlf: 1 } })
    .toArray();
  return {
    messages: rows.length,
    unseen: rows.filter((row) => row.unseen).length,
    deleted: rows.filter((row) => row.deleted).length,
    size: rows.reduce((sum, row) => sum + row.sizeCrlf, 0),
  };
};

describe('mailbox tallies (real store)', () => {
  let client: MongoClient;
  let db: Db;
  let store: MailStore;
  let inbox: MailboxDocument;
  let archive: MailboxDocument;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    await ensureIndexes(db);
    // Forced on, so MongoDB runs exercise the same bookkeeping FerretDB relies on.
    store = new MailStore(db, await detectStoreCapabilities(db), {
      maxMessageSize: 1024 * 1024,
      journalRetentionSeconds: 3600,
      tallies: true,
    });
    const user = await store.users.create({ username: `tallies-${run}`, quota: 0 });
    inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    archive = await store.mailboxes.create(user._id, `Archive-${run}`);
  });

  afterAll(async () => {
    await client.close();
  });

  const tallied = async (mailbox: ObjectId): Promise<MailboxCounts | undefined> =>
    (await store.tallies.read([mailbox])).get(mailbox.toHexString());

  const expectInStep = async (): Promise<void> => {
    for (const mailbox of [inbox._id, archive._id])
      expect(await tallied(mailbox)).toEqual(await scanned(db, mailbox));
  };

  it('starts at zero with the mailbox and follows deliveries, flags, copy, move and expunge', async () => {
    expect(await tallied(archive._id)).toEqual({ messages: 0, unseen: 0, deleted: 0, size: 0 });
    for (let index = 1; index <= 6; index++)
      await store.ingest.add(inbox, raw(index, index * 7), index % 2 ? { flags: ['\\Seen'] } : {});
    await expectInStep();
    await store.messages.setFlags(inbox, [1, 2, 3], 'add', ['\\Deleted']);
    await store.messages.setFlags(inbox, [2, 4], 'add', ['\\Seen']);
    await store.messages.setFlags(inbox, [5], 'replace', ['\\Flagged']);
    await expectInStep();
    await store.messages.copy(inbox, [1, 4, 6], archive);
    await store.messages.move(inbox, [5, 6], archive);
    await expectInStep();
    await store.messages.expunge(inbox);
    await store.messages.deleteMessages(archive, [1]);
    await expectInStep();
    expect((await tallied(inbox._id))?.messages).toBe(1);
  });

  it('stays exact under concurrent writers', async () => {
    await Promise.all([
      ...Array.from({ length: 5 }, (_, index) => store.ingest.add(archive, raw(100 + index))),
      store.messages.setFlags(archive, [2, 3, 4], 'add', ['\\Seen']),
      store.messages.setFlags(archive, [2, 3, 4], 'add', ['\\Deleted']),
      store.messages.setFlags(archive, [3], 'remove', ['\\Seen']),
    ]);
    await expectInStep();
  });

  it('answers mailbox counts from the tally, and forgets it with the mailbox', async () => {
    const before = await store.queries.counts(archive._id);
    expect(before).toEqual(await scanned(db, archive._id));
    await store.mailboxes.delete(archive.user, archive.path, { allowSpecialUse: true });
    expect(await tallied(archive._id)).toBeUndefined();
  });
});
