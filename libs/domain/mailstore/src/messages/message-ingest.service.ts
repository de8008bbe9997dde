import type { Collection, ObjectId } from 'mongodb';
import { isMimeError, parseMessage, type MessageSource } from '@eider/mime';
import { tallyOf, type MailboxTallies } from './mailbox-tallies';
import { MailStoreError } from '../errors/mail-store.error';
import type { MailboxDocument } from '../model/documents';
import type { QuotaService } from '../quota/quota.service';
import { buildMessageDocument, collectExternalKeys, threadRefsOf } from './message-document.builder';
import { normaliseFlags } from './message-flags';
import { splitMessage, type StoredMessageDocument } from './message-body.document';
import type { MessageBodyStore } from './message-body.store';
import type { BodyStorage, ChangeRecorder } from './message-store.ports';
import type { MessageDocument } from './message.document';
import { resolveThread, type ThreadRefDocument } from './thread-resolver';

export interface IngestOptions {
  flags?: string[];
  /** INTERNALDATE; defaults to now. */
  idate?: Date;
  /** Size announced up front (IMAP literal, LMTP SIZE), checked against quota before reading. */
  expectedSize?: number;
}

export interface IngestLimits {
  maxMessageSize: number;
  /** Byte runs larger than this go to GridFS; smaller ones stay in the message document. */
  inlineThreshold: number;
}

/**
 * Stores a new message. Without transactions the order of writes is the safety net: bodies first
 * (GridFS, reference-counted, then the `message_bodies` document), then the message document, which is the commit point that makes the
 * message visible, then quota and journal. A crash before the commit leaves only surplus references
 * that the reference reconciler removes; nothing half-stored is ever visible.
 */
export class MessageIngestService {
  constructor(
    private readonly messages: Collection<StoredMessageDocument>,
    private readonly messageBodies: MessageBodyStore,
    private readonly threadRefs: Collection<ThreadRefDocument>,
    private readonly bodies: BodyStorage,
    private readonly changes: ChangeRecorder,
    private readonly quota: QuotaService,
    private readonly limits: IngestLimits,
    private readonly tallies?: Pick<MailboxTallies, 'apply'>,
  ) {}

  async add(
    mailbox: MailboxDocument,
    source: MessageSource,
    options: IngestOptions = {},
  ): Promise<MessageDocument> {
    if (options.expectedSize !== undefined) {
      if (options.expectedSize > this.limits.maxMessageSize) {
        throw new MailStoreError('MESSAGE_TOO_LARGE', `message exceeds ${this.limits.maxMessageSize} bytes`);
      }
      await this.quota.assertCanStore(mailbox.user, options.expectedSize);
    }
    const sink = this.bodies.asBodySink();
    let parsed;
    try {
      parsed = await parseMessage(source, {
        maxMessageSize: this.limits.maxMessageSize,
        inlineThreshold: this.limits.inlineThreshold,
        sink,
      });
    } catch (error) {
      if (isMimeError(error) && error.code === 'MESSAGE_TOO_LARGE') {
        throw new MailStoreError('MESSAGE_TOO_LARGE', `message exceeds ${this.limits.maxMessageSize} bytes`);
      }
      throw error;
    }
    const keys = collectExternalKeys(parsed.tree);
    let document: MessageDocument;
    try {
      await this.quota.assertCanStore(mailbox.user, parsed.summary.size);
      const { firstUid, modseq } = await this.changes.allocateUids(mailbox._id, 1);
      const thread = await resolveThread(this.threadRefs, mailbox.user, threadRefsOf(parsed));
      document = buildMessageDocument(parsed, {
        user: mailbox.user,
        mailbox: mailbox._id,
        uid: firstUid,
        modseq,
        thread,
        flags: normaliseFlags(options.flags ?? []),
        idate: options.idate ?? new Date(),
      });
      // The body document first: a message document must never be visible without it.
      const { message, body } = splitMessage(document);
      await this.messageBodies.insert([body]);
      try {
        await this.messages.insertOne(message);
      } catch (error) {
        await this.messageBodies.discard([document._id]);
        throw error;
      }
    } catch (error) {
      // Nothing references the bodies yet: give their references back.
      await this.releaseAll(keys);
      throw error;
    }
    // Past the commit point the message exists; its references are its own from here on.
    await this.afterInsert(mailbox.user, document);
    return document;
  }

  private async afterInsert(user: ObjectId, document: MessageDocument): Promise<void> {
    await this.tallies?.apply(document.mailbox, tallyOf([document]));
    await this.quota.adjust(user, document.size);
    await this.changes.record(user, [
      {
        kind: 'exists',
        mailbox: document.mailbox,
        uid: document.uid,
        modseq: document.modseq,
        message: document._id,
      },
    ]);
    await this.changes.settled([document.mailbox]);
  }

  private async releaseAll(keys: string[]): Promise<void> {
    for (const key of keys) await this.bodies.release(key).catch(() => undefined);
  }
}
