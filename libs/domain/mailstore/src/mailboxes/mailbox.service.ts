import { ObjectId, type Collection, type Db } from 'mongodb';
import { isDuplicateKeyError } from '@eider/mongo';
import type { MailboxTallies } from '../messages/mailbox-tallies';
import { MailStoreError } from '../errors/mail-store.error';
import type { MailboxDocument, SpecialUse } from '../model/documents';
import { descendantsPattern, isInbox, normaliseMailboxPath } from './mailbox-path';

/** Removes every message of a mailbox and releases its storage; implemented by the message service. */
export interface MailboxContentsRemover {
  removeAllInMailbox(mailbox: MailboxDocument): Promise<number>;
}

export const DEFAULT_MAILBOXES: readonly { path: string; specialUse: SpecialUse | null }[] = [
  { path: 'INBOX', specialUse: null },
  { path: 'Drafts', specialUse: '\\Drafts' },
  { path: 'Sent', specialUse: '\\Sent' },
  { path: 'Trash', specialUse: '\\Trash' },
  { path: 'Junk', specialUse: '\\Junk' },
  { path: 'Archive', specialUse: '\\Archive' },
];

export interface CreateMailboxOptions {
  specialUse?: SpecialUse | null;
  subscribed?: boolean;
}

export class MailboxService {
  private readonly mailboxes: Collection<MailboxDocument>;
  private readonly uidValidityClaims: Collection<{ _id: number; claimed: Date }>;
  private contentsRemover: MailboxContentsRemover | undefined;

  constructor(
    db: Db,
    private readonly tallies?: Pick<MailboxTallies, 'start' | 'forget'>,
  ) {
    this.mailboxes = db.collection<MailboxDocument>('mailboxes');
    this.uidValidityClaims = db.collection<{ _id: number; claimed: Date }>('uid_validity_claims');
  }

  /** The message service registers itself here; the two depend on each other only through this seam. */
  useContentsRemover(remover: MailboxContentsRemover): void {
    this.contentsRemover = remover;
  }

  /**
   * UIDVALIDITY must differ whenever a name is reused (RFC 3501 §2.3.1.1). Each value is claimed by inserting
   * it as an `_id`, the one write that is atomic on every store (FerretDB's read-modify-write updates are
   * not), starting from the clock in seconds so values also increase over time.
   */
  async nextUidValidity(): Promise<number> {
    const latest = await this.uidValidityClaims
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: -1 })
      .limit(1)
      .next();
    let candidate = Math.max(Math.floor(Date.now() / 1000), (latest?._id ?? 0) + 1);
    for (let attempt = 0; attempt < 100; attempt++, candidate++) {
      try {
        await this.uidValidityClaims.insertOne({ _id: candidate, claimed: new Date() });
        // IMAP UIDVALIDITY is a non-zero 32-bit number.
        return candidate % 0xffffffff || 1;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new MailStoreError('CONFLICT', 'could not claim a UIDVALIDITY value');
  }

  async create(user: ObjectId, path: string, options: CreateMailboxOptions = {}): Promise<MailboxDocument> {
    const normalised = normaliseMailboxPath(path);
    const mailbox: MailboxDocument = {
      _id: new ObjectId(),
      user,
      path: normalised,
      specialUse: options.specialUse ?? null,
      uidValidity: await this.nextUidValidity(),
      uidNext: 1,
      modseq: 1,
      subscribed: options.subscribed ?? true,
      created: new Date(),
      uidBlocks: true,
      journalBlocksFrom: 0,
    };
    try {
      // The tally first: a message can only land once the mailbox exists, and must find its tally there.
      await this.tallies?.start(mailbox._id);
      await this.mailboxes.insertOne(mailbox);
    } catch (error) {
      await this.tallies?.forget(mailbox._id);
      if (isDuplicateKeyError(error))
        throw new MailStoreError('MAILBOX_EXISTS', `mailbox ${normalised} already exists`);
      throw error;
    }
    return mailbox;
  }

  /** INBOX plus the special-use set; safe to call again, existing mailboxes are kept. */
  async createDefaults(user: ObjectId): Promise<MailboxDocument[]> {
    const created: MailboxDocument[] = [];
    for (const { path, specialUse } of DEFAULT_MAILBOXES) {
      try {
        created.push(await this.create(user, path, { specialUse }));
      } catch (error) {
        if (!(error instanceof MailStoreError && error.code === 'MAILBOX_EXISTS')) throw error;
      }
    }
    return created;
  }

  list(user: ObjectId): Promise<MailboxDocument[]> {
    return this.mailboxes.find({ user }).sort({ path: 1 }).toArray();
  }

  async getByPath(user: ObjectId, path: string): Promise<MailboxDocument> {
    const mailbox = await this.mailboxes.findOne({ user, path: normaliseMailboxPath(path) });
    if (!mailbox) throw new MailStoreError('MAILBOX_NOT_FOUND', `mailbox ${path} does not exist`);
    return mailbox;
  }

  async getById(user: ObjectId, id: ObjectId): Promise<MailboxDocument> {
    const mailbox = await this.mailboxes.findOne({ _id: id, user });
    if (!mailbox) throw new MailStoreError('MAILBOX_NOT_FOUND', 'mailbox does not exist');
    return mailbox;
  }

  /** Several mailboxes by id at once (missing ones are left out); callers check the owner. */
  getMany(ids: readonly ObjectId[]): Promise<MailboxDocument[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.mailboxes.find({ _id: { $in: [...ids] } }).toArray();
  }

  findBySpecialUse(user: ObjectId, specialUse: SpecialUse): Promise<MailboxDocument | null> {
    return this.mailboxes.findOne({ user, specialUse });
  }

  /**
   * Renames a mailbox and every mailbox below it. Without transactions each document moves on its own;
   * a crash part-way leaves some children under the old name, and running the same rename again
   * completes it, because children are found by prefix.
   */
  async rename(user: ObjectId, fromPath: string, toPath: string): Promise<MailboxDocument> {
    const from = normaliseMailboxPath(fromPath);
    const to = normaliseMailboxPath(toPath);
    if (isInbox(from)) throw new MailStoreError('MAILBOX_PROTECTED', 'INBOX cannot be renamed here');
    if (to === from || descendantsPattern(from).test(to)) {
      throw new MailStoreError('INVALID_MAILBOX_NAME', 'a mailbox cannot be renamed into itself');
    }
    if (await this.mailboxes.findOne({ user, path: to })) {
      throw new MailStoreError('MAILBOX_EXISTS', `mailbox ${to} already exists`);
    }
    const source = await this.mailboxes.findOne({ user, path: from });
    const children = await this.mailboxes.find({ user, path: descendantsPattern(from) }).toArray();
    if (!source && children.length === 0)
      throw new MailStoreError('MAILBOX_NOT_FOUND', `mailbox ${from} does not exist`);
    try {
      if (source) await this.mailboxes.updateOne({ _id: source._id }, { $set: { path: to } });
      for (const child of children) {
        await this.mailboxes.updateOne(
          { _id: child._id },
          { $set: { path: to + child.path.slice(from.length) } },
        );
      }
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new MailStoreError('MAILBOX_EXISTS', `a mailbox below ${to} already exists`);
      throw error;
    }
    return source ? { ...source, path: to } : await this.getByPath(user, to);
  }

  /**
   * Deletes one mailbox with its messages, releasing their storage. Children stay (RFC 3501 lets a
   * parent disappear while inferiors remain). INBOX can never be deleted; special-use mailboxes only
   * when the caller allows it (IMAP does, the REST API does not).
   */
  async delete(user: ObjectId, path: string, options: { allowSpecialUse: boolean }): Promise<void> {
    const mailbox = await this.getByPath(user, path);
    if (isInbox(mailbox.path)) throw new MailStoreError('MAILBOX_PROTECTED', 'INBOX cannot be deleted');
    if (mailbox.specialUse && !options.allowSpecialUse) {
      throw new MailStoreError('MAILBOX_PROTECTED', `${mailbox.path} is a special-use mailbox`);
    }
    // Remove the mailbox first so no new message lands in it, then release what it held.
    await this.mailboxes.deleteOne({ _id: mailbox._id });
    if (this.contentsRemover) await this.contentsRemover.removeAllInMailbox(mailbox);
    await this.tallies?.forget(mailbox._id);
  }

  async setSubscribed(user: ObjectId, path: string, subscribed: boolean): Promise<void> {
    const result = await this.mailboxes.updateOne(
      { user, path: normaliseMailboxPath(path) },
      { $set: { subscribed } },
    );
    if (result.matchedCount === 0)
      throw new MailStoreError('MAILBOX_NOT_FOUND', `mailbox ${path} does not exist`);
  }

  async deleteAllForUser(user: ObjectId): Promise<void> {
    for (const mailbox of await this.list(user)) {
      await this.mailboxes.deleteOne({ _id: mailbox._id });
      if (this.contentsRemover) await this.contentsRemover.removeAllInMailbox(mailbox);
      await this.tallies?.forget(mailbox._id);
    }
  }
}
