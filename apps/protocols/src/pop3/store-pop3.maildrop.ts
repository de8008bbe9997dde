import { Pop3BackendError, type Pop3Maildrop, type Pop3Update } from '@eider/pop3-core';
import { isMailStoreError, type MailStore, type MailboxDocument } from '@eider/mailstore';
import type { ObjectId } from 'mongodb';
import { InboxPrefetchReader } from './inbox-prefetch.reader';
import type { MaildropLease } from './maildrop-lease';

export type Pop3DeleteMode = 'trash' | 'expunge';

const MAX_UID = 0xffffffff;

/**
 * One session's view of a user's INBOX: the UIDs and CRLF sizes listed at login, in two typed arrays
 * (8 bytes a message), never the messages themselves. Messages arriving later are not part of it,
 * as RFC 1939 expects of a locked maildrop.
 */
export class StorePop3Maildrop implements Pop3Maildrop {
  private readonly reader: InboxPrefetchReader;

  private constructor(
    private readonly store: MailStore,
    private readonly inbox: MailboxDocument,
    private readonly uids: Uint32Array,
    private readonly sizes: Uint32Array,
    private readonly deleteMode: Pop3DeleteMode,
    private readonly lease: MaildropLease,
  ) {
    this.reader = new InboxPrefetchReader(store.queries, inbox._id, uids, sizes);
  }

  /** Lists the INBOX (newest `maxMessages`, 0 = all) under an already acquired lease. */
  static async open(
    store: MailStore,
    user: ObjectId,
    options: { maxMessages: number; deleteMode: Pop3DeleteMode; lease: MaildropLease },
  ): Promise<StorePop3Maildrop> {
    const inbox = await store.mailboxes.getByPath(user, 'INBOX');
    let fromUid = 1;
    if (options.maxMessages > 0) {
      const all = await store.messages.listUids(inbox._id);
      fromUid = all.length > options.maxMessages ? all[all.length - options.maxMessages]! : 1;
    }
    let uids: Uint32Array = new Uint32Array(1024);
    let sizes: Uint32Array = new Uint32Array(1024);
    let count = 0;
    for await (const message of store.messages.findRange(inbox._id, fromUid, MAX_UID)) {
      if (count === uids.length) {
        uids = grow(uids);
        sizes = grow(sizes);
      }
      uids[count] = message.uid;
      sizes[count] = message.sizeCrlf;
      count++;
    }
    return new StorePop3Maildrop(
      store,
      inbox,
      uids.slice(0, count),
      sizes.slice(0, count),
      options.deleteMode,
      options.lease,
    );
  }

  get count(): number {
    return this.uids.length;
  }

  sizeOf(index: number): number {
    return this.sizes[index] ?? 0;
  }

  /** UIDVALIDITY.UID: unique in the INBOX and stable while the message stays there. */
  uniqueIdOf(index: number): string {
    return `${this.inbox.uidValidity}.${this.uids[index] ?? 0}`;
  }

  async open(index: number): Promise<AsyncIterable<Buffer>> {
    const uid = this.uids[index] ?? 0;
    const tree = await this.reader.tree(index);
    // Expunged or moved away by another client (IMAP) since the listing.
    if (!tree) throw new Pop3BackendError('MESSAGE_GONE', `uid ${uid} is no longer in INBOX`);
    // The full message in the CRLF view: bare LF becomes CRLF and nothing else changes.
    const content = this.store.messages.section(tree, '', true);
    if (!content) throw new Pop3BackendError('MESSAGE_GONE', `uid ${uid} has no content`);
    return content.chunks();
  }

  async commit(update: Pop3Update): Promise<void> {
    // Another session may own the maildrop if our lease lapsed; applying changes then could clash with it.
    if (!(await this.lease.confirm())) {
      throw new Pop3BackendError('LOCK_LOST', 'the maildrop lease expired before QUIT');
    }
    const deleted = update.deleted.map((index) => this.uids[index] ?? 0);
    const seen = update.seen.map((index) => this.uids[index] ?? 0);
    const flagged = this.deleteMode === 'trash' ? [...seen, ...deleted] : seen;
    if (flagged.length > 0) await this.store.messages.setFlags(this.inbox, flagged, 'add', ['\\Seen']);
    if (deleted.length === 0) return;
    if (this.deleteMode === 'expunge') {
      await this.store.messages.deleteMessages(this.inbox, deleted);
      return;
    }
    await this.store.messages.move(this.inbox, deleted, await this.trash());
  }

  release(): Promise<void> {
    return this.lease.release();
  }

  private async trash(): Promise<MailboxDocument> {
    const user = this.inbox.user;
    const found = await this.store.mailboxes.findBySpecialUse(user, '\\Trash');
    if (found) return found;
    // A user who deleted their Trash still gets DELE's promise kept: recreate it rather than expunge.
    try {
      return await this.store.mailboxes.create(user, 'Trash', { specialUse: '\\Trash' });
    } catch (error) {
      if (isMailStoreError(error, 'MAILBOX_EXISTS')) return this.store.mailboxes.getByPath(user, 'Trash');
      throw error;
    }
  }
}

const grow = (array: Uint32Array): Uint32Array => {
  const next = new Uint32Array(array.length * 2);
  next.set(array);
  return next;
};
