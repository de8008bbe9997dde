import { randomBytes } from 'node:crypto';
import { BSON, MongoClient, ObjectId, type Db } from 'mongodb';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { connectTestDatabase } from '@eider/testing';
import { MailStore } from '../mail-store.factory';
import type { MailboxDocument, UserDocument } from '../model/documents';
import { MESSAGE_BODIES_COLLECTION, type MessageBodyDocument } from './message-body.document';
import type { MessageDocument } from './message.document';

const collect = async (stream: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};

const textMessage = (subject: string, body: string, extra: string[] = []): Buffer =>
  Buffer.from(
    [
      `Subject: ${subject}`,
      'From: Dora <dora@example.com>',
      'To: ed@example.com',
      ...extra,
      '',
      body,
      '',
    ].join('\r\n'),
  );

const withAttachment = (subject: string, attachment: Buffer): Buffer =>
  Buffer.from(
    [
      `Subject: ${subject}`,
      'From: dora@example.com',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--b',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      attachment.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--b--',
      '',
    ].join('\r\n'),
  );

/** An ObjectId made `minutesAgo` in the past: what a body written then would carry. */
const idFrom = (minutesAgo: number): ObjectId =>
  ObjectId.createFromTime(Math.floor(Date.now() / 1000) - minutesAgo * 60);

describe('message bodies in their own collection (real store)', () => {
  let client: MongoClient;
  let db: Db;
  let store: MailStore;
  let user: UserDocument;
  let inbox: MailboxDocument;

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    await ensureIndexes(db);
    store = new MailStore(db, await detectStoreCapabilities(db), {
      maxMessageSize: 20 * 1024 * 1024,
      journalRetentionSeconds: 3600,
    });
    user = await store.users.create({ username: `bodies-${Date.now()}`, quota: 0 });
    inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
  });

  afterAll(async () => {
    await client.close();
  });

  const bodies = () => db.collection<MessageBodyDocument>(MESSAGE_BODIES_COLLECTION);
  const rawMessage = (id: ObjectId) => db.collection('messages').findOne({ _id: id });
  const box = (path: string) => store.mailboxes.getByPath(user._id, path);

  it('keeps the heavy fields in message_bodies and the message document small', async () => {
    const body = `${'lorem ipsum dolor sit amet '.repeat(600)}\r\nneedle-in-body`;
    const raw = textMessage('Split check', body, ['Message-ID: <split@example.com>']);
    const stored = await store.ingest.add(inbox, raw);
    const message = await rawMessage(stored._id);
    expect(message).not.toBeNull();
    for (const field of ['tree', 'text', 'html', 'searchHeaders', 'bodyStructure']) {
      expect(message).not.toHaveProperty(field);
    }
    expect(message).toMatchObject({
      subject: 'Split check',
      uid: stored.uid,
      contentType: { mediaType: 'text/plain' },
    });
    expect(BSON.calculateObjectSize(message!)).toBeLessThan(2048);
    const bodyDoc = await bodies().findOne({ _id: stored._id });
    expect(bodyDoc?.user.equals(user._id)).toBe(true);
    expect(bodyDoc?.text).toContain('needle-in-body');
    expect(bodyDoc?.searchHeaders).toContainEqual({ key: 'message-id', value: '<split@example.com>' });

    const whole = await store.messages.get(inbox._id, stored.uid);
    expect(whole.text).toContain('needle-in-body');
    expect(whole.bodyStructure).toEqual(stored.bodyStructure);
    expect((await collect(store.messages.rebuild(whole.tree))).equals(raw)).toBe(true);
    const streamed = [];
    for await (const item of store.queries.stream(inbox._id, [stored.uid], true)) streamed.push(item);
    expect(streamed).toHaveLength(1);
    expect(streamed[0]?.tree?.headers.find((header) => header.key === 'subject')?.value).toBe('Split check');
    const page = await store.listing.listMailbox(inbox._id, {}, { limit: 10, order: 'desc' });
    expect(page.items.find((item) => item.uid === stored.uid)?.tree?.contentType?.mediaType).toBe(
      'text/plain',
    );
  });

  it('never shows a message whose insert failed, and sweeps the body it left', async () => {
    const before = await store.messages.listUids(inbox._id);
    const { uidNext } = await store.allocator.current(inbox._id);
    // A document squatting on the next UID makes the real insert fail on the unique {mailbox, uid} index.
    const squatter = new ObjectId();
    await db
      .collection('messages')
      .insertOne({ _id: squatter, mailbox: inbox._id, uid: uidNext, user: user._id });
    const bodiesBefore = await bodies().countDocuments({ user: user._id });
    await expect(store.ingest.add(inbox, textMessage('Doomed', 'never visible'))).rejects.toThrow();
    await db.collection('messages').deleteOne({ _id: squatter });
    expect(await store.messages.listUids(inbox._id)).toEqual(before);
    // The failed insert cleans up after itself when it can.
    expect(await bodies().countDocuments({ user: user._id })).toBe(bodiesBefore);

    // A crash between the body write and the message insert leaves a body nobody points at.
    const crashed = idFrom(90);
    await bodies().insertOne({ ...(await bodies().findOne({ user: user._id }))!, _id: crashed });
    const fresh = new ObjectId();
    await bodies().insertOne({ ...(await bodies().findOne({ user: user._id }))!, _id: fresh });
    expect(await store.messageBodies.sweepOrphans(30 * 60_000)).toBeGreaterThanOrEqual(1);
    expect(await bodies().findOne({ _id: crashed })).toBeNull();
    // Younger than the grace period: it may be an insert in flight, so it stays.
    expect(await bodies().findOne({ _id: fresh })).not.toBeNull();
    await bodies().deleteOne({ _id: fresh });
    // A second sweep is idempotent: nothing left to remove.
    expect(await store.messageBodies.sweepOrphans(30 * 60_000)).toBe(0);
  });

  it('sweeps the body a crash left after its message was deleted, and keeps live bodies', async () => {
    const stored = await store.ingest.add(inbox, textMessage('Half deleted', 'left behind'));
    // Age the message (its body and document under an id made 90 minutes ago) so the sweep may judge it;
    // sweeping with no grace period could race inserts of other test files sharing this database.
    const old = idFrom(90);
    const uid = stored.uid + 5000;
    await bodies().insertOne({ ...(await bodies().findOne({ _id: stored._id }))!, _id: old });
    await db.collection('messages').insertOne({ ...(await rawMessage(stored._id))!, _id: old, uid });
    await store.messages.deleteMessages(inbox, [stored.uid]);
    expect(await store.messageBodies.sweepOrphans(30 * 60_000)).toBe(0);
    expect((await store.messages.get(inbox._id, uid)).text).toContain('left behind');

    // The crash: the message document is gone (deleted first), its body is not yet.
    await db.collection('messages').deleteOne({ _id: old });
    expect(await bodies().findOne({ _id: old })).not.toBeNull();
    await expect(store.messages.get(inbox._id, uid)).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
    expect(await store.messageBodies.sweepOrphans(30 * 60_000)).toBe(1);
    expect(await bodies().findOne({ _id: old })).toBeNull();
  });

  it('copies bodies to the new ids, keeps them on move, and frees them on expunge with exact refcounts', async () => {
    const archive = await box('Archive');
    const trash = await box('Trash');
    const stored = await store.ingest.add(inbox, withAttachment('Refcounts', randomBytes(200 * 1024)));
    const key = stored.externalKeys[0]!;
    expect((await store.attachments.stat(key))?.refs).toBe(1);

    const copied = await store.messages.copy(inbox, [stored.uid], archive);
    const copy = await store.messages.get(archive._id, copied.mappings[0]!.targetUid);
    expect(copy._id.equals(stored._id)).toBe(false);
    const copyBody = await bodies().findOne({ _id: copy._id });
    expect(copyBody?.tree).toEqual((await bodies().findOne({ _id: stored._id }))?.tree);
    expect(copyBody?.user.equals(user._id)).toBe(true);
    expect((await store.attachments.stat(key))?.refs).toBe(2);

    const moved = await store.messages.move(archive, [copy.uid], trash);
    const movedCopy = await store.messages.get(trash._id, moved.mappings[0]!.targetUid);
    expect(movedCopy._id.equals(copy._id)).toBe(true);
    expect(await bodies().countDocuments({ _id: copy._id })).toBe(1);
    expect((await store.attachments.stat(key))?.refs).toBe(2);

    await store.messages.setFlags(trash, [movedCopy.uid], 'add', ['\\Deleted']);
    expect(await store.messages.expunge(trash)).toEqual([movedCopy.uid]);
    expect(await bodies().countDocuments({ _id: copy._id })).toBe(0);
    expect((await store.attachments.stat(key))?.refs).toBe(1);
    expect(await bodies().countDocuments({ _id: stored._id })).toBe(1);

    await store.messages.deleteMessages(inbox, [stored.uid]);
    expect(await bodies().countDocuments({ _id: stored._id })).toBe(0);
    expect((await store.attachments.stat(key))?.refs ?? 0).toBe(0);
  });

  it('removes bodies with their mailbox', async () => {
    const folder = await store.mailboxes.create(user._id, `Gone-${Date.now()}`);
    const stored = await store.ingest.add(folder, textMessage('In a doomed folder', 'bye'));
    await store.mailboxes.delete(user._id, folder.path, { allowSpecialUse: false });
    expect(await bodies().countDocuments({ _id: stored._id })).toBe(0);
  });

  it('reads, searches, copies and deletes a document written before the split (inline body)', async () => {
    const model = await store.ingest.add(inbox, textMessage('Legacy', 'old-style inline zebra body'));
    const inline: MessageDocument = { ...model, _id: new ObjectId(), uid: model.uid + 1000 };
    // What the store wrote before bodies had their own collection: one document with everything.
    await db.collection<MessageDocument>('messages').insertOne(inline);
    const read = await store.messages.get(inbox._id, inline.uid);
    expect(read.text).toContain('zebra');
    expect((await collect(store.messages.rebuild(read.tree))).toString()).toContain('zebra');
    const streamed = [];
    for await (const item of store.queries.stream(inbox._id, [inline.uid], true)) streamed.push(item);
    expect(streamed[0]?.tree).toBeDefined();
    const page = await store.listing.listMailbox(inbox._id, {}, { limit: 250, order: 'asc' });
    expect(page.items.find((item) => item.uid === inline.uid)?.tree?.contentType?.mediaType).toBe(
      'text/plain',
    );

    const found = await store.queries.find(inbox, { text: /zebra/i }, ['uid']);
    expect(found.map((item) => item.uid).sort((a, b) => a - b)).toEqual([model.uid, inline.uid]);
    const searched = await store.listing.search(
      user._id,
      { mailboxes: [inbox._id], text: 'zebra' },
      { limit: 10, order: 'asc' },
    );
    expect(searched.items.map((item) => item.uid).sort((a, b) => a - b)).toEqual([model.uid, inline.uid]);

    const archive = await box('Archive');
    const copied = await store.messages.copy(inbox, [inline.uid], archive);
    const copyId = (await store.messages.get(archive._id, copied.mappings[0]!.targetUid))._id;
    expect(await rawMessage(copyId)).not.toHaveProperty('tree');
    expect((await bodies().findOne({ _id: copyId }))?.text).toContain('zebra');
    expect(await store.messages.deleteMessages(inbox, [inline.uid])).toEqual([inline.uid]);
    await expect(store.messages.get(inbox._id, inline.uid)).rejects.toMatchObject({
      code: 'MESSAGE_NOT_FOUND',
    });
  });

  it('searches body text and headers through message_bodies, scoped to the user', async () => {
    const other = await store.users.create({ username: `bodies-other-${Date.now()}`, quota: 0 });
    const otherInbox = await store.mailboxes.getByPath(other._id, 'INBOX');
    const mine = await store.ingest.add(inbox, textMessage('Walrus', 'the quixotic walrus', ['X-Tag: kelp']));
    await store.ingest.add(otherInbox, textMessage('Walrus too', 'the quixotic walrus', ['X-Tag: kelp']));
    const plain = await store.ingest.add(inbox, textMessage('Plain', 'nothing here', ['X-Tag: sand']));

    const byText = await store.queries.find(inbox, { text: /quixotic/i }, ['uid']);
    expect(byText.map((item) => item.uid)).toEqual([mine.uid]);
    const byHeader = await store.queries.find(
      inbox,
      { 'searchHeaders.key': 'x-tag', 'searchHeaders.value': /kelp/ },
      ['uid', 'text', 'searchHeaders'],
    );
    expect(byHeader).toEqual([
      {
        uid: mine.uid,
        text: expect.stringContaining('walrus'),
        searchHeaders: expect.arrayContaining([{ key: 'x-tag', value: 'kelp' }]),
      },
    ]);
    const negated = await store.queries.find(inbox, { $nor: [{ text: /quixotic/i }], subject: 'Plain' }, [
      'uid',
    ]);
    expect(negated.map((item) => item.uid)).toEqual([plain.uid]);
    const either = await store.queries.find(inbox, { $or: [{ text: /quixotic/i }, { subject: 'Plain' }] }, [
      'uid',
    ]);
    expect(either.map((item) => item.uid).sort((a, b) => a - b)).toEqual([mine.uid, plain.uid]);
  });
});
