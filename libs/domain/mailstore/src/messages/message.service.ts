import type { Readable } from 'node:stream';
import { ObjectId, type Collection, type Filter } from 'mongodb';
import {
  openSection,
  rebuildMessage,
  reviveMimeTree,
  type ExternalBodyReader,
  type MimeNode,
  type SectionContent,
  type SectionSpec,
} from '@eider/mime';
import { MailStoreError } from '../errors/mail-store.error';
import type { MailboxContentsRemover } from '../mailboxes/mailbox.service';
import type { MailboxDocument } from '../model/documents';
import type { QuotaService } from '../quota/quota.service';
import { applyFlagOperation, sameFlags, type FlagOperation } from './message-flags';
import {
  inlineBodyOf,
  splitMessage,
  type MessageBodyDocument,
  type StoredMessageDocument,
} from './message-body.document';
import { tallyOf, type MailboxTallies } from './mailbox-tallies';
import type { MessageBodyStore } from './message-body.store';
import type { BodyStorage, ChangeRecorder, MessageChange } from './message-store.ports';
import { HEAVY_FIELDS, type MessageDocument } from './message.document';
import { uidBlockOf } from './uid-block';
import type { IndexedEquality } from '../model/equality-index.probe';
import { readByUidBlocks } from './uid-block.reader';
import { FlagWriter, type FlagUpdate, flagChangeTally } from './flag.writer';

export interface UidMapping {
  sourceUid: number;
  targetUid: number;
}

export interface CopyResult {
  uidValidity: number;
  mappings: UidMapping[];
}

export interface FlagChangeResult {
  /** Messages whose flags changed, with their new flags and modseq. */
  changed: { uid: number; flags: string[]; modseq: number }[];
  /** UIDs skipped by UNCHANGEDSINCE because they changed after the given modseq. */
  modified: number[];
}

const BATCH = 500;

export class MessageService implements MailboxContentsRemover {
  private readonly flagWriter: FlagWriter;

  constructor(
    private readonly messages: Collection<StoredMessageDocument>,
    private readonly messageBodies: MessageBodyStore,
    private readonly bodies: BodyStorage,
    private readonly changes: ChangeRecorder,
    private readonly quota: QuotaService,
    private readonly tallies?: Pick<MailboxTallies, 'apply'>,
    /**
     * FerretDB: look messages up by equality only (see `getMany`) and write them one document at a time
     * (see `setFlags`).
     */
    private readonly ferretdb = false,
    equality?: IndexedEquality,
  ) {
    this.flagWriter = new FlagWriter(messages, ferretdb, equality);
  }

  /** UIDs of a mailbox in ascending order: the only per-mailbox state an IMAP session keeps. */
  async listUids(mailbox: ObjectId): Promise<number[]> {
    const uids: number[] = [];
    const cursor = this.messages
      .find({ mailbox }, { projection: { _id: 0, uid: 1 } })
      .sort({ uid: 1 })
      .batchSize(5000);
    for await (const { uid } of cursor) uids.push(uid);
    return uids;
  }

  /** The whole message, its body document joined (or its inline body, for documents older than the split). */
  async get(mailbox: ObjectId, uid: number): Promise<MessageDocument> {
    const stored = await this.messages.findOne({ mailbox, uid });
    const message = stored && (await this.messageBodies.joinOne(stored));
    if (!message) throw new MailStoreError('MESSAGE_NOT_FOUND', `message ${uid} does not exist`);
    return { ...message, tree: reviveMimeTree(message.tree) };
  }

  /**
   * Several full messages of the user at once, by mailbox and UID (missing ones are left out): one query
   * for a whole page, so per-message fields of a listing do not cost a read each.
   */
  async getMany(
    user: ObjectId,
    refs: readonly { mailbox: ObjectId; uid: number }[],
  ): Promise<MessageDocument[]> {
    if (refs.length === 0) return [];
    const byMailbox = new Map<string, { mailbox: ObjectId; uids: number[] }>();
    for (const { mailbox, uid } of refs) {
      const key = mailbox.toHexString();
      const entry = byMailbox.get(key) ?? { mailbox, uids: [] };
      entry.uids.push(uid);
      byMailbox.set(key, entry);
    }
    const found = this.ferretdb
      ? await this.findByEquality(user, byMailbox.values())
      : await this.messages
          .find({
            user,
            $or: [...byMailbox.values()].map(({ mailbox, uids }) => ({ mailbox, uid: { $in: uids } })),
          })
          .toArray();
    const joined = await this.messageBodies.join(found);
    return joined.map((message) => ({ ...message, tree: reviveMimeTree(message.tree) }));
  }

  /** FerretDB: one equality query per UID block instead of an `$in` that decodes the user's messages. */
  private async findByEquality(
    user: ObjectId,
    groups: Iterable<{ mailbox: ObjectId; uids: number[] }>,
  ): Promise<StoredMessageDocument[]> {
    const found: StoredMessageDocument[] = [];
    for (const { mailbox, uids } of groups)
      found.push(...(await readByUidBlocks(this.messages, { user, mailbox }, uids)));
    return found;
  }

  /** Light documents (no tree or bodies) for UIDs in a range, in UID order. */
  findRange(
    mailbox: ObjectId,
    fromUid: number,
    toUid: number,
  ): AsyncIterable<Omit<MessageDocument, keyof typeof HEAVY_FIELDS>> {
    return this.messages
      .find({ mailbox, uid: { $gte: fromUid, $lte: toUid } }, { projection: HEAVY_FIELDS })
      .sort({ uid: 1 })
      .batchSize(1000);
  }

  /** Messages changed after `modseq` (flags or arrival), for resync. */
  changedSince(
    mailbox: ObjectId,
    modseq: number,
  ): Promise<Pick<MessageDocument, 'uid' | 'flags' | 'modseq'>[]> {
    return this.messages
      .find({ mailbox, modseq: { $gt: modseq } }, { projection: { _id: 0, uid: 1, flags: 1, modseq: 1 } })
      .sort({ modseq: 1 })
      .toArray();
  }

  readonly readExternal: ExternalBodyReader = (key, range) => this.bodies.openRead(key, range);

  /** The original message, streamed byte for byte from the tree and GridFS. */
  rebuild(tree: MimeNode): Readable {
    return rebuildMessage(tree, { readExternal: this.readExternal });
  }

  /**
   * One IMAP section (partial ranges are part of the spec, e.g. `1.2<0.100>`), reading only the nodes it
   * needs. `crlf` gives protocols the bare-LF-to-CRLF view they must send.
   */
  section(tree: MimeNode, spec: SectionSpec | string, crlf = false): SectionContent | null {
    return openSection(tree, spec, { readExternal: this.readExternal, crlf });
  }

  /**
   * Copies messages into `target` under new UIDs. Attachment bodies gain references, nothing is duplicated
   * in GridFS; each copy gets its own body document (same content, the copy's `_id`), written before the
   * copy's message document so the copy is never visible without it.
   */
  async copy(source: MailboxDocument, uids: number[], target: MailboxDocument): Promise<CopyResult> {
    const originals = await this.messages
      .find({ mailbox: source._id, uid: { $in: uids } })
      .sort({ uid: 1 })
      .toArray();
    if (originals.length === 0) return { uidValidity: target.uidValidity, mappings: [] };
    const totalSize = originals.reduce((sum, message) => sum + message.size, 0);
    await this.quota.assertCanStore(target.user, totalSize);
    const { firstUid, modseq } = await this.changes.allocateUids(target._id, originals.length);
    const mappings: UidMapping[] = [];
    const changes: MessageChange[] = [];
    const landed: StoredMessageDocument[] = [];
    let copied = 0;
    try {
      copied = await this.copyEach(originals, target, firstUid, modseq, mappings, changes, landed);
    } finally {
      await this.tallies?.apply(target._id, tallyOf(landed));
      await this.changes.settled([target._id]);
    }
    await this.quota.adjust(target.user, copied);
    await this.changes.record(target.user, changes);
    return { uidValidity: target.uidValidity, mappings };
  }

  /** Writes the copies; returns the bytes copied. */
  private async copyEach(
    originals: StoredMessageDocument[],
    target: MailboxDocument,
    firstUid: number,
    modseq: number,
    mappings: UidMapping[],
    changes: MessageChange[],
    landed: StoredMessageDocument[],
  ): Promise<number> {
    let copied = 0;
    for (const [index, original] of originals.entries()) {
      const body =
        inlineBodyOf(original) ??
        (await this.messageBodies.byId([original._id])).get(original._id.toHexString());
      // Expunged since we read it (its message document went first); its UID in the target stays unused.
      if (!body) continue;
      const id = new ObjectId();
      const { message: copy } = splitMessage({
        ...(original as MessageDocument),
        ...body,
        _id: id,
        mailbox: target._id,
        user: target.user,
        uid: firstUid + index,
        uidBlock: uidBlockOf(firstUid + index),
        modseq,
        created: new Date(),
      });
      const copyBody: MessageBodyDocument = { ...body, _id: id, user: target.user };
      for (const key of original.externalKeys) await this.bodies.addReference(key);
      try {
        await this.messageBodies.insert([copyBody]);
        await this.messages.insertOne(copy);
      } catch (error) {
        for (const key of original.externalKeys) await this.bodies.release(key).catch(() => undefined);
        await this.messageBodies.discard([id]);
        throw error;
      }
      copied += original.size;
      landed.push(original);
      mappings.push({ sourceUid: original.uid, targetUid: copy.uid });
      changes.push({ kind: 'exists', mailbox: target._id, uid: copy.uid, modseq, message: copy._id });
    }
    return copied;
  }

  /**
   * Moves messages: each one changes mailbox, UID and modseq in a single document update, which is atomic,
   * so a message is never in both mailboxes nor in neither. Bodies and quota are untouched.
   */
  async move(source: MailboxDocument, uids: number[], target: MailboxDocument): Promise<CopyResult> {
    const originals = await this.messages
      .find(
        { mailbox: source._id, uid: { $in: uids } },
        { projection: { _id: 1, uid: 1, unseen: 1, deleted: 1, sizeCrlf: 1 } },
      )
      .sort({ uid: 1 })
      .toArray();
    if (originals.length === 0) return { uidValidity: target.uidValidity, mappings: [] };
    const { firstUid, modseq } = await this.changes.allocateUids(target._id, originals.length);
    const sourceModseq = await this.changes.allocateModseq(source._id);
    const mappings: UidMapping[] = [];
    const changes: MessageChange[] = [];
    try {
      await this.moveEach(originals, source, target, firstUid, modseq, sourceModseq, mappings, changes);
    } finally {
      const moved = new Set(mappings.map((mapping) => mapping.sourceUid));
      const landed = originals.filter((original) => moved.has(original.uid));
      await this.tallies?.apply(source._id, tallyOf(landed, -1));
      await this.tallies?.apply(target._id, tallyOf(landed));
      await this.changes.settled([source._id, target._id]);
    }
    await this.changes.record(source.user, changes);
    return { uidValidity: target.uidValidity, mappings };
  }

  private async moveEach(
    originals: Pick<StoredMessageDocument, '_id' | 'uid' | 'unseen' | 'deleted' | 'sizeCrlf'>[],
    source: MailboxDocument,
    target: MailboxDocument,
    firstUid: number,
    modseq: number,
    sourceModseq: number,
    mappings: UidMapping[],
    changes: MessageChange[],
  ): Promise<void> {
    for (const [index, original] of originals.entries()) {
      const targetUid = firstUid + index;
      const moved = await this.messages.updateOne(
        { _id: original._id, mailbox: source._id, uid: original.uid },
        { $set: { mailbox: target._id, uid: targetUid, uidBlock: uidBlockOf(targetUid), modseq } },
      );
      // Someone else moved or expunged it meanwhile; that UID in the target stays unused.
      if (moved.modifiedCount === 0) continue;
      mappings.push({ sourceUid: original.uid, targetUid });
      changes.push(
        {
          kind: 'expunge',
          mailbox: source._id,
          uid: original.uid,
          modseq: sourceModseq,
          message: original._id,
        },
        { kind: 'exists', mailbox: target._id, uid: targetUid, modseq, message: original._id },
      );
    }
  }

  /**
   * Changes flags. Each message is updated only if its modseq is still the one read, so concurrent STOREs
   * never lose each other's changes (a lost race is retried). With `unchangedSince` (CONDSTORE), messages
   * changed after that modseq are left alone and reported.
   */
  async setFlags(
    mailbox: MailboxDocument,
    uids: number[],
    operation: FlagOperation,
    flags: string[],
    unchangedSince?: number,
  ): Promise<FlagChangeResult> {
    const result: FlagChangeResult = { changed: [], modified: [] };
    let pending = uids;
    for (let attempt = 0; attempt < 5 && pending.length > 0; attempt++) {
      const current = await this.flagWriter.current(mailbox._id, pending);
      const updates: FlagUpdate[] = [];
      for (const message of current) {
        if (unchangedSince !== undefined && message.modseq > unchangedSince) {
          result.modified.push(message.uid);
          continue;
        }
        const next = applyFlagOperation(message.flags, operation, flags);
        if (!sameFlags(next, message.flags))
          updates.push({ id: message._id, uid: message.uid, oldModseq: message.modseq, flags: next });
      }
      if (updates.length === 0) break;
      const modseq = await this.changes.allocateModseq(mailbox._id);
      const applied = await this.flagWriter.apply(updates, modseq);
      await this.tallies?.apply(mailbox._id, flagChangeTally(current, applied));
      await this.changes.settled([mailbox._id]);
      const appliedIds = new Set(applied.map((message) => message._id.toHexString()));
      for (const message of applied) result.changed.push({ uid: message.uid, flags: message.flags, modseq });
      await this.changes.record(
        mailbox.user,
        applied.map((message) => ({
          kind: 'flags',
          mailbox: mailbox._id,
          uid: message.uid,
          modseq,
          message: message._id,
          flags: message.flags,
        })),
      );
      pending = updates
        .filter((update) => !appliedIds.has(update.id.toHexString()))
        .map((update) => update.uid);
    }
    result.changed.sort((a, b) => a.uid - b.uid);
    return result;
  }

  /**
   * Permanently removes messages: those flagged \Deleted, optionally limited to `uids` (UID EXPUNGE).
   * The journal entry is written first: if we crash before the delete, the message is already gone for
   * every session and the next expunge finishes the job; the reverse order could hide an expunge forever.
   */
  async expunge(mailbox: MailboxDocument, uids?: number[]): Promise<number[]> {
    const filter: Filter<StoredMessageDocument> = { mailbox: mailbox._id, deleted: true };
    if (uids) filter.uid = { $in: uids };
    return this.removeMatching(mailbox, filter);
  }

  /** Deletes specific messages regardless of flags (API delete, POP3 DELE with real deletion). */
  deleteMessages(mailbox: MailboxDocument, uids: number[]): Promise<number[]> {
    return this.removeMatching(mailbox, { mailbox: mailbox._id, uid: { $in: uids } });
  }

  async removeAllInMailbox(mailbox: MailboxDocument): Promise<number> {
    return (await this.removeMatching(mailbox, { mailbox: mailbox._id }, false)).length;
  }

  private async removeMatching(
    mailbox: MailboxDocument,
    filter: Filter<StoredMessageDocument>,
    journal = true,
  ): Promise<number[]> {
    const removed: number[] = [];
    for (;;) {
      const batch = await this.messages
        .find(filter, {
          projection: {
            _id: 1,
            uid: 1,
            size: 1,
            sizeCrlf: 1,
            unseen: 1,
            deleted: 1,
            externalKeys: 1,
            user: 1,
          },
        })
        .sort({ uid: 1 })
        .limit(BATCH)
        .toArray();
      if (batch.length === 0) break;
      if (journal) {
        const modseq = await this.changes.allocateModseq(mailbox._id);
        await this.changes.record(
          mailbox.user,
          batch.map((message) => ({
            kind: 'expunge',
            mailbox: mailbox._id,
            uid: message.uid,
            modseq,
            message: message._id,
          })),
        );
      }
      let freed = 0;
      const gone: ObjectId[] = [];
      const landed: typeof batch = [];
      for (const message of batch) {
        const deleted = await this.messages.deleteOne({ _id: message._id });
        if (deleted.deletedCount === 0) continue;
        landed.push(message);
        freed += message.size;
        removed.push(message.uid);
        gone.push(message._id);
        for (const key of message.externalKeys) await this.bodies.release(key);
      }
      // Message documents first, bodies after: a crash in between leaves bodies the sweeper collects.
      await this.messageBodies.remove(gone);
      await this.tallies?.apply(mailbox._id, tallyOf(landed, -1));
      await this.changes.settled([mailbox._id]);
      await this.quota.adjust(mailbox.user, -freed);
      if (batch.length < BATCH) break;
    }
    return removed;
  }
}
