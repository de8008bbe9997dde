import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { connectTestDatabase, testConfig } from '@eider/testing';
import { isMailStoreError } from './errors/mail-store.error';
import { MailStore } from './mail-store.factory';
import type { UserDocument } from './model/documents';

const CORPUS = join(__dirname, '../../../../../shared/corpus/mail-fixtures');

const collect = async (stream: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};

const messageWithAttachment = (attachment: Buffer, subject = 'Report'): Buffer => {
  const base64 = attachment.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: Alice <alice@example.com>',
      'To: Bob <bob@example.com>',
      `Subject: ${subject}`,
      'Message-ID: <report-1@example.com>',
      'Date: Mon, 02 Nov 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      'preamble',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please find the report attached.',
      '--b1',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      base64,
      '--b1--',
      'epilogue',
      '',
    ].join('\r\n'),
  );
};

const simpleMessage = (subject: string, extraHeaders: string[] = []): Buffer =>
  Buffer.from(
    [`Subject: ${subject}`, 'From: carol@example.com', ...extraHeaders, '', `Body of ${subject}`, ''].join(
      '\r\n',
    ),
  );

describe('MailStore (real store)', () => {
  const config = testConfig();
  let client: MongoClient;
  let db: Db;
  let store: MailStore;
  let user: UserDocument;

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    await ensureIndexes(db);
    store = new MailStore(db, await detectStoreCapabilities(db), {
      maxMessageSize: 60 * 1024 * 1024,
      journalRetentionSeconds: 3600,
    });
    user = await store.users.create({ username: `store-${Date.now()}`, quota: 0 });
  });

  afterAll(async () => {
    await client.close();
  });

  const mailbox = (path: string) => store.mailboxes.getByPath(user._id, path);

  it('gives a new user INBOX and the special-use set', async () => {
    const list = await store.mailboxes.list(user._id);
    expect(list.map((box) => [box.path, box.specialUse])).toEqual([
      ['Archive', '\\Archive'],
      ['Drafts', '\\Drafts'],
      ['INBOX', null],
      ['Junk', '\\Junk'],
      ['Sent', '\\Sent'],
      ['Trash', '\\Trash'],
    ]);
    expect(new Set(list.map((box) => box.uidValidity)).size).toBe(list.length);
  });

  it('stores a message with its attachment in GridFS and rebuilds it byte for byte', async () => {
    const attachment = randomBytes(300 * 1024);
    const raw = messageWithAttachment(attachment);
    const inbox = await mailbox('INBOX');
    const stored = await store.ingest.add(inbox, raw, { flags: ['\\Seen'] });
    expect(stored.size).toBe(raw.length);
    expect(stored.externalKeys).toHaveLength(1);
    expect(stored.hasAttachments).toBe(true);
    expect(stored.attachments.find((item) => item.filename === 'report.pdf')?.part).toBe('2');
    expect(stored.subject).toBe('Report');
    expect(stored.unseen).toBe(false);
    const message = await store.messages.get(inbox._id, stored.uid);
    expect((await collect(store.messages.rebuild(message.tree))).equals(raw)).toBe(true);
    const text = store.messages.section(message.tree, '1');
    expect(text && (await collect(text.chunks())).toString()).toBe('Please find the report attached.');
    const partial = store.messages.section(message.tree, 'TEXT<10.4>');
    expect(partial && (await collect(partial.chunks())).toString()).toBe('--b1');
    const header = store.messages.section(message.tree, 'HEADER.FIELDS (subject)');
    expect(header && (await collect(header.chunks())).toString()).toBe('Subject: Report\r\n\r\n');
    expect((await store.quota.usage(user._id)).used).toBe(raw.length);
  });

  it('copies under new UIDs sharing the stored attachment, and moves atomically', async () => {
    const inbox = await mailbox('INBOX');
    const archive = await mailbox('Archive');
    const [uid] = await store.messages.listUids(inbox._id);
    const original = await store.messages.get(inbox._id, uid!);
    const key = original.externalKeys[0]!;
    const copied = await store.messages.copy(inbox, [uid!], archive);
    expect(copied.mappings).toEqual([{ sourceUid: uid, targetUid: 1 }]);
    expect((await store.attachments.stat(key))?.refs).toBe(2);
    expect((await store.quota.usage(user._id)).used).toBe(original.size * 2);
    const copy = await store.messages.get(archive._id, 1);
    expect(copy.emailId).toBe(original.emailId);

    const trash = await mailbox('Trash');
    const moved = await store.messages.move(archive, [1], trash);
    expect(moved.mappings).toEqual([{ sourceUid: 1, targetUid: 1 }]);
    expect(await store.messages.listUids(archive._id)).toEqual([]);
    expect(await store.messages.listUids(trash._id)).toEqual([1]);
    expect((await store.attachments.stat(key))?.refs).toBe(2);
    const journal = await store.journal.changesSince(archive._id, 0);
    expect(journal.map((entry) => [entry.kind, entry.uid])).toEqual([
      ['exists', 1],
      ['expunge', 1],
    ]);
  });

  it('changes flags with a new modseq, journals them and honours UNCHANGEDSINCE', async () => {
    const inbox = await mailbox('INBOX');
    const uid = await store.ingest.add(inbox, simpleMessage('flags')).then((message) => message.uid);
    const before = (await store.messages.changedSince(inbox._id, 0)).find((item) => item.uid === uid)!;
    const result = await store.messages.setFlags(inbox, [uid], 'add', ['\\Flagged', '$Work']);
    expect(result.changed).toEqual([{ uid, flags: ['\\Flagged', '$Work'], modseq: expect.any(Number) }]);
    expect(result.changed[0]!.modseq).toBeGreaterThan(before.modseq);
    const unchanged = await store.messages.setFlags(inbox, [uid], 'add', ['\\Flagged']);
    expect(unchanged.changed).toEqual([]);
    const conditional = await store.messages.setFlags(inbox, [uid], 'add', ['\\Seen'], before.modseq);
    expect(conditional).toEqual({ changed: [], modified: [uid] });
    const entries = await store.journal.changesSince(inbox._id, before.modseq);
    expect(entries.map((entry) => [entry.kind, entry.uid, entry.flags])).toEqual([
      ['flags', uid, ['\\Flagged', '$Work']],
    ]);
  });

  it('expunges \\Deleted messages, releasing attachments and quota', async () => {
    const trash = await mailbox('Trash');
    const message = await store.messages.get(trash._id, 1);
    const key = message.externalKeys[0]!;
    const usedBefore = (await store.quota.usage(user._id)).used;
    expect(await store.messages.expunge(trash)).toEqual([]);
    await store.messages.setFlags(trash, [1], 'add', ['\\Deleted']);
    expect(await store.messages.expunge(trash)).toEqual([1]);
    expect((await store.attachments.stat(key))?.refs).toBe(1);
    expect((await store.quota.usage(user._id)).used).toBe(usedBefore - message.size);
    const entries = await store.journal.changesSince(trash._id, 0);
    expect(entries.at(-1)).toMatchObject({ kind: 'expunge', uid: 1 });
  });

  it('renames children with their parent and deleting a mailbox frees its storage', async () => {
    await store.mailboxes.create(user._id, 'Projects');
    const child = await store.mailboxes.create(user._id, 'Projects/Eider');
    await store.mailboxes.create(user._id, 'Projects/Eider/Old');
    await store.mailboxes.rename(user._id, 'Projects', 'Work');
    const paths = (await store.mailboxes.list(user._id)).map((box) => box.path);
    expect(paths).toEqual(expect.arrayContaining(['Work', 'Work/Eider', 'Work/Eider/Old']));
    expect(paths.filter((path) => path.startsWith('Projects'))).toEqual([]);
    expect((await mailbox('Work/Eider'))._id.equals(child._id)).toBe(true);

    const inbox = await mailbox('INBOX');
    const [uid] = await store.messages.listUids(inbox._id);
    const key = (await store.messages.get(inbox._id, uid!)).externalKeys[0]!;
    await store.messages.copy(inbox, [uid!], await mailbox('Work/Eider'));
    expect((await store.attachments.stat(key))?.refs).toBe(2);
    await store.mailboxes.delete(user._id, 'Work/Eider', { allowSpecialUse: false });
    expect((await store.attachments.stat(key))?.refs).toBe(1);
    await expect(mailbox('Work/Eider')).rejects.toMatchObject({ code: 'MAILBOX_NOT_FOUND' });
    await expect(store.mailboxes.delete(user._id, 'INBOX', { allowSpecialUse: true })).rejects.toMatchObject({
      code: 'MAILBOX_PROTECTED',
    });
    await expect(store.mailboxes.delete(user._id, 'Sent', { allowSpecialUse: false })).rejects.toMatchObject({
      code: 'MAILBOX_PROTECTED',
    });
  });

  it('refuses a message over quota with a typed error and keeps counters right after recalculation', async () => {
    const inbox = await mailbox('INBOX');
    const { used } = await store.quota.usage(user._id);
    await store.users.setQuota(user._id, used + 100);
    const error = await store.ingest
      .add(inbox, simpleMessage('x'.repeat(200)))
      .catch((caught: unknown) => caught);
    expect(isMailStoreError(error, 'OVER_QUOTA')).toBe(true);
    await store.users.setQuota(user._id, 0);
    await db.collection('users').updateOne({ _id: user._id }, { $set: { storageUsed: 12345 } });
    const first = await store.quota.recalculate(user._id);
    const second = await store.quota.recalculate(user._id);
    expect(first.before).toBe(12345);
    expect(first.after).toBe(used);
    expect(second).toEqual({ before: used, after: used });
  });

  it('refuses a message over the size limit before storing anything', async () => {
    const small = new MailStore(db, store.capabilities, {
      maxMessageSize: 100 * 1024,
      journalRetentionSeconds: 3600,
    });
    const inbox = await mailbox('INBOX');
    const uidsBefore = await store.messages.listUids(inbox._id);
    const keysBefore = await db.collection('attachment_keys').countDocuments();
    const error = await small.ingest
      .add(inbox, messageWithAttachment(randomBytes(400 * 1024), 'too big'))
      .catch((caught: unknown) => caught);
    expect(isMailStoreError(error, 'MESSAGE_TOO_LARGE')).toBe(true);
    expect(await store.messages.listUids(inbox._id)).toEqual(uidsBefore);
    expect(await db.collection('attachment_keys').countDocuments()).toBe(keysBefore);
  });

  it('stores a message whose decoded text holds NUL and rebuilds it byte for byte', async () => {
    const inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    const raw = Buffer.from(
      [
        'From: a@example.com',
        'Subject: =?utf-8?Q?a=00b?=',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'before=00after',
        '',
      ].join('\r\n'),
    );
    const stored = await store.ingest.add(inbox, raw);
    expect(stored.subject).toBe('ab');
    const loaded = await store.messages.get(inbox._id, stored.uid);
    expect(Buffer.compare(await collect(store.messages.rebuild(loaded.tree)), raw)).toBe(0);
  });

  it('threads a reply with its parent and starts a new thread otherwise', async () => {
    const inbox = await mailbox('INBOX');
    const parent = await store.ingest.add(inbox, simpleMessage('Plans', ['Message-ID: <plans@example.com>']));
    const reply = await store.ingest.add(
      inbox,
      simpleMessage('Re: Plans', ['Message-ID: <re-plans@example.com>', 'In-Reply-To: <plans@example.com>']),
    );
    const other = await store.ingest.add(
      inbox,
      simpleMessage('Unrelated', ['Message-ID: <other@example.com>']),
    );
    expect(reply.thread.equals(parent.thread)).toBe(true);
    expect(other.thread.equals(parent.thread)).toBe(false);
  });

  it('allocates strictly ascending, unique UIDs for concurrent deliveries', async () => {
    const box = await store.mailboxes.create(user._id, `Concurrent-${Date.now()}`);
    const clients = await Promise.all([1, 2, 3].map(() => MongoClient.connect(config.mongo.uri)));
    try {
      const stores = clients.map(
        (extra) =>
          new MailStore(extra.db(config.mongo.database), store.capabilities, {
            maxMessageSize: 1 << 20,
            journalRetentionSeconds: 3600,
          }),
      );
      const added = await Promise.all(
        Array.from({ length: 30 }, (_value, index) =>
          stores[index % stores.length]!.ingest.add(box, simpleMessage(`c${index}`)),
        ),
      );
      const uids = added.map((message) => message.uid).sort((a, b) => a - b);
      expect(new Set(uids).size).toBe(30);
      expect(await store.messages.listUids(box._id)).toEqual(uids);
      // The usage counter kept every concurrent increment: it equals a full recount.
      const { used } = await store.quota.usage(user._id);
      expect((await store.quota.recalculate(user._id)).after).toBe(used);
    } finally {
      await Promise.all(clients.map((extra) => extra.close()));
    }
  });

  describe.skipIf(!existsSync(CORPUS))('the shared mail corpus', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.eml')) files.push(path);
      }
    };
    if (existsSync(CORPUS)) walk(CORPUS);

    it(`stores and rebuilds all ${files.length} messages byte for byte`, async () => {
      const box = await store.mailboxes.create(user._id, `Corpus-${Date.now()}`);
      const mismatched: string[] = [];
      for (const file of files) {
        const raw = readFileSync(file);
        const stored = await store.ingest.add(box, raw);
        const message = await store.messages.get(box._id, stored.uid);
        const rebuilt = await collect(store.messages.rebuild(message.tree));
        if (!rebuilt.equals(raw) || stored.size !== raw.length) mismatched.push(file);
      }
      expect(mismatched).toEqual([]);
      expect(files.length).toBeGreaterThan(100);
    });
  });
});

if (!existsSync(CORPUS)) console.warn(`mail corpus not found at ${CORPUS}: the corpus round trip is skipped`);
