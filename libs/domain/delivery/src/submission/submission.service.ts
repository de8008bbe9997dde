import type { ObjectId } from 'mongodb';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailComposerAttachment, MailComposerOptions } from 'nodemailer/lib/mail-composer';
import { normalizeAddress, type AddressService, type UserLimitsService } from '@eider/accounts';
import {
  MailStoreError,
  type MailboxDocument,
  type MailStore,
  type MessageDocument,
  type UserDocument,
} from '@eider/mailstore';
import { filterHeaderFields, htmlToText, type MimeNode } from '@eider/mime';
import { DeliveryError } from '../errors/delivery.error';
import type { OutboundSender } from '../outbound/outbound-sender';
import { replyContextOf, type ReplyContext } from './reply-context';
import { checkSubmitInput } from './submission-input.checks';
import type { SubmissionAddress, SubmissionOptions, SubmitInput, SubmitResult } from './submission.types';

const DEFAULT_SKEW_MS = 5 * 60_000;
const PART_HEADERS = [
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'content-id',
  'content-description',
  'content-language',
  'content-location',
];

interface Parent {
  mailbox: MailboxDocument;
  message: MessageDocument;
  context: ReplyContext;
}

const toComposer = (address: SubmissionAddress) => ({ name: address.name ?? '', address: address.address });

const queueIdOf = (response: string): string | null => /queued as\s+([^\s;,]+)/i.exec(response)?.[1] ?? null;

/**
 * Composes a user's message (MailComposer, never string building), sends it through the relay and keeps
 * a copy in Sent; or stores a draft. Used by the REST submit route and, later, GraphQL.
 */
export class SubmissionService {
  constructor(
    private readonly store: MailStore,
    private readonly addresses: AddressService,
    private readonly limits: UserLimitsService,
    private readonly sender: OutboundSender,
    private readonly options: SubmissionOptions,
  ) {}

  async submit(userId: ObjectId, input: SubmitInput): Promise<SubmitResult> {
    checkSubmitInput(input);
    const user = await this.store.users.get(userId);
    if (user.disabled) throw new MailStoreError('USER_DISABLED', 'user is disabled');
    const sending = !input.isDraft && !input.uploadOnly;
    const date = this.dateOf(input.sendTime);

    const owned = new Set((await this.addresses.listForUser(user._id)).map((item) => item.address));
    const from = await this.ownedAddress(user, input.from, owned, 'from');
    const envelopeFrom = input.envelope?.from
      ? await this.ownedAddress(user, input.envelope.from, owned, 'envelope.from')
      : from;

    const parent = input.reference ? await this.loadParent(user._id, input.reference, owned) : null;
    const draft = input.draft ? await this.loadDraft(user._id, input.draft) : null;
    const target = await this.targetMailbox(user._id, input);

    let to = input.to ?? [];
    let cc = input.cc ?? [];
    const bcc = input.bcc ?? [];
    if (parent && to.length + cc.length + bcc.length === 0) {
      to = parent.context.to;
      cc = parent.context.cc;
    }
    const attachments = [...this.attachmentsOf(input), ...(await this.forwardedAttachments(input, parent))];
    // With no text part, MailComposer makes a lone raw attachment the whole message, headers and all; an
    // empty text part keeps From, To and Subject on a multipart root.
    const text = input.text || (input.html ? htmlToText(input.html) : attachments.length > 0 ? '\r\n' : '');
    const mail: MailComposerOptions = {
      from: toComposer(from),
      ...(input.replyTo ? { replyTo: toComposer(input.replyTo) } : {}),
      to: to.map(toComposer),
      cc: cc.map(toComposer),
      bcc: bcc.map(toComposer),
      subject: input.subject ?? parent?.context.subject ?? '',
      date,
      text,
      ...(input.html ? { html: input.html } : {}),
      // A forward starts its own conversation branch: it references the parent but answers nothing.
      ...(parent?.context.inReplyTo && input.reference?.action !== 'forward'
        ? { inReplyTo: parent.context.inReplyTo }
        : {}),
      ...(parent && parent.context.references.length > 0 ? { references: parent.context.references } : {}),
      headers: (input.headers ?? []).map(({ key, value }) => ({ key, value })),
      attachments,
      envelope: {
        from: envelopeFrom.address,
        to: (input.envelope?.to ?? [...to, ...cc, ...bcc]).map((item) => item.address),
      },
      // Nothing the caller sends may make the composer read files or fetch URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
      newline: 'windows',
    };
    const compiled = new MailComposer(mail).compile();
    // Bcc stays in the envelope only: MimeNode leaves the Bcc header out unless told to keep it.
    const envelope = compiled.getEnvelope();
    const messageId = compiled.messageId();
    const raw = await compiled.build();

    if (raw.length > this.options.maxMessageSize) {
      throw new MailStoreError('MESSAGE_TOO_LARGE', `message exceeds ${this.options.maxMessageSize} bytes`);
    }
    let queueId: string | null = null;
    if (sending) {
      queueId = await this.send(user, { from: envelope.from || '', to: envelope.to }, raw);
    }
    const stored = await this.store.ingest.add(target, raw, {
      flags: input.isDraft ? ['\\Seen', '\\Draft'] : ['\\Seen'],
    });
    if (sending && parent) await this.markParent(parent, input.reference?.action ?? 'reply');
    if (draft) await this.store.messages.deleteMessages(draft.mailbox, [draft.uid]);
    return {
      id: stored.uid,
      mailbox: target._id,
      size: stored.size,
      messageId,
      sent: sending,
      queueId,
      envelope: { from: envelope.from || '', to: envelope.to },
    };
  }

  private dateOf(sendTime: Date | undefined): Date {
    const now = new Date();
    if (!sendTime) return now;
    if (sendTime.getTime() > now.getTime() + (this.options.sendTimeSkewMs ?? DEFAULT_SKEW_MS)) {
      throw new DeliveryError('INVALID_SUBMISSION', 'sendTime in the future is not supported');
    }
    return sendTime;
  }

  /** The caller's address when the user owns it, else the user's main address when none was given. */
  private async ownedAddress(
    user: UserDocument,
    requested: SubmissionAddress | undefined,
    owned: ReadonlySet<string>,
    field: string,
  ): Promise<SubmissionAddress> {
    if (!requested) {
      const main = await this.addresses.mainAddress(user._id);
      if (!main) throw new DeliveryError('FROM_NOT_ALLOWED', 'the user has no address to send from');
      return { name: user.name, address: main };
    }
    const normalized = normalizeAddress(requested.address);
    if (!normalized || !owned.has(normalized.address)) {
      throw new DeliveryError(
        'FROM_NOT_ALLOWED',
        `${field}: ${requested.address} is not one of the user's addresses`,
      );
    }
    return { name: requested.name ?? user.name, address: requested.address.trim() };
  }

  private async loadParent(
    user: ObjectId,
    reference: NonNullable<SubmitInput['reference']>,
    owned: ReadonlySet<string>,
  ): Promise<Parent> {
    const mailbox = await this.store.mailboxes.getById(user, reference.mailbox);
    const message = await this.store.messages.get(mailbox._id, reference.id);
    return { mailbox, message, context: replyContextOf(message.tree, reference.action, owned) };
  }

  private async loadDraft(
    user: ObjectId,
    draft: NonNullable<SubmitInput['draft']>,
  ): Promise<{ mailbox: MailboxDocument; uid: number }> {
    const mailbox = await this.store.mailboxes.getById(user, draft.mailbox);
    const message = await this.store.messages.get(mailbox._id, draft.id);
    return { mailbox, uid: message.uid };
  }

  private async targetMailbox(user: ObjectId, input: SubmitInput): Promise<MailboxDocument> {
    if (input.mailbox) return this.store.mailboxes.getById(user, input.mailbox);
    const specialUse = input.isDraft ? '\\Drafts' : '\\Sent';
    const mailbox = await this.store.mailboxes.findBySpecialUse(user, specialUse);
    if (!mailbox) throw new MailStoreError('MAILBOX_NOT_FOUND', `the user has no ${specialUse} mailbox`);
    return mailbox;
  }

  private attachmentsOf(input: SubmitInput): MailComposerAttachment[] {
    return (input.attachments ?? []).map((attachment) => ({
      content: Buffer.from(attachment.content.replace(/\s+/g, ''), 'base64'),
      ...(attachment.filename ? { filename: attachment.filename } : {}),
      ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
      ...(attachment.cid ? { cid: attachment.cid } : {}),
    }));
  }

  /**
   * The parent's attachment parts, copied byte for byte (content headers plus the still-encoded body), so
   * a forward neither decodes nor re-encodes them.
   */
  private async forwardedAttachments(
    input: SubmitInput,
    parent: Parent | null,
  ): Promise<MailComposerAttachment[]> {
    const wanted = input.reference?.attachments;
    if (!parent || input.reference?.action !== 'forward' || !wanted) return [];
    const all = parent.message.attachments;
    const chosen =
      wanted === true
        ? all
        : all.filter((item, index) => wanted.some((id) => matchesAttachment(id, item.part, index)));
    if (Array.isArray(wanted) && chosen.length !== new Set(wanted).size) {
      throw new MailStoreError(
        'ATTACHMENT_NOT_FOUND',
        'an attachment named in reference.attachments does not exist',
      );
    }
    const parts: MailComposerAttachment[] = [];
    for (const item of chosen) parts.push({ raw: await this.rawPart(parent.message.tree, item.part) });
    return parts;
  }

  private async rawPart(tree: MimeNode, part: string): Promise<Buffer> {
    const header = await this.read(tree, `${part}.MIME`);
    const body = await this.read(tree, part);
    const kept = filterHeaderFields(header, PART_HEADERS, false);
    return Buffer.concat([kept.length > 0 ? kept : Buffer.from('\r\n'), body]);
  }

  private async read(tree: MimeNode, spec: string): Promise<Buffer> {
    const section = this.store.messages.section(tree, spec);
    if (!section) throw new MailStoreError('ATTACHMENT_NOT_FOUND', `part ${spec} does not exist`);
    const chunks: Buffer[] = [];
    for await (const chunk of section.chunks()) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /** Counts the recipients against the daily budget, then relays; a failed relay gives the budget back. */
  private async send(
    user: UserDocument,
    envelope: { from: string; to: string[] },
    raw: Buffer,
  ): Promise<string | null> {
    if (envelope.to.length === 0)
      throw new DeliveryError('INVALID_SUBMISSION', 'the message has no recipients');
    if (!this.sender.relayEnabled) {
      throw new DeliveryError('RELAY_DISABLED', 'sending is disabled: no relay is configured');
    }
    // Checked before sending so that an over-quota user is told before anything leaves.
    await this.store.quota.assertCanStore(user._id, raw.length);
    const budget = await this.limits.consume(user, 'recipients', envelope.to.length);
    if (!budget.ok) {
      throw new DeliveryError(
        'RECIPIENT_LIMIT_EXCEEDED',
        `daily recipient limit reached (${budget.used} of ${budget.allowed}); it resets in ${budget.ttl} seconds`,
      );
    }
    try {
      return queueIdOf(await this.sender.sendRaw({ from: envelope.from, to: envelope.to, raw }));
    } catch (error) {
      await this.limits.consume(user, 'recipients', -envelope.to.length).catch(() => undefined);
      const reason = error instanceof Error ? error.message.split('\n')[0] : 'unknown error';
      throw new DeliveryError('RELAY_FAILED', `the relay did not accept the message: ${reason ?? ''}`);
    }
  }

  private async markParent(parent: Parent, action: 'reply' | 'replyAll' | 'forward'): Promise<void> {
    const flag = action === 'forward' ? '$Forwarded' : '\\Answered';
    await this.store.messages.setFlags(parent.mailbox, [parent.message.uid], 'add', [flag]);
  }
}

/** Attachment ids as the REST API shows them: the part number, or WildDuck's `ATT00001` (1-based). */
const matchesAttachment = (id: string, part: string, index: number): boolean =>
  id === part || id.toUpperCase() === `ATT${String(index + 1).padStart(5, '0')}`;
