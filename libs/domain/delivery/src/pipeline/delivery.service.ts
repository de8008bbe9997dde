import { ObjectId } from 'mongodb';
import { normalizeAddress } from '@eider/accounts';
import { getHeaderValue, isMimeError, parseMessage, type ParsedMessage } from '@eider/mime';
import {
  isMailStoreError,
  type MailboxDocument,
  type MailStore,
  type MailStoreErrorCode,
} from '@eider/mailstore';
import type { AutoreplyService } from '../autoreply/autoreply.service';
import { parseForwardTarget, resolveActions } from '../filters/filter.matcher';
import type { FilterService } from '../filters/filter.service';
import type { ForwardTarget } from '../filters/filter.types';
import type { DeliverySettingsService } from '../settings/delivery-settings.service';
import { checkForward } from '../loop/loop-detector';
import { isSpamFor, parseSpamVerdict, type SpamVerdict } from '../spam/spam-verdict.parser';
import type {
  AcceptedRecipient,
  DeliveryEnvelope,
  DeliveryLog,
  DeliveryOptions,
  DeliveryOutcome,
  RecipientCheck,
  RecipientFailureCode,
  RecipientResolver,
} from './delivery.types';
import type { DurabilityBarrier } from './durability-barrier';
import { buildMessageFacts } from './message-facts';
import type { OutboundActions } from './outbound-actions';
import { buildTraceHeaders, lineEndingOf } from './trace-headers';

export interface DeliveryRequest {
  envelope: DeliveryEnvelope;
  /** The message exactly as received (DATA, dot-unstuffed). */
  raw: Buffer;
  recipients: readonly AcceptedRecipient[];
}

export interface DeliveryDependencies {
  store: MailStore;
  resolver: RecipientResolver;
  filters: FilterService;
  settings: DeliverySettingsService;
  autoreplies: AutoreplyService;
  outbound: OutboundActions;
  barrier: DurabilityBarrier;
  /** False when no relay is configured: forwarded-only addresses cannot be served then. */
  relayEnabled: boolean;
  log: DeliveryLog;
}

interface PreparedMessage {
  raw: Buffer;
  parsed: ParsedMessage;
  verdict: SpamVerdict | null;
  eol: '\r\n' | '\n';
}

const failure = (rcpt: string, code: RecipientFailureCode, detail: string): DeliveryOutcome => ({
  ok: false,
  rcpt,
  code,
  detail,
});

const STORE_FAILURES: Partial<Record<MailStoreErrorCode, RecipientFailureCode>> = {
  OVER_QUOTA: 'OVER_QUOTA',
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  USER_NOT_FOUND: 'UNKNOWN_RECIPIENT',
  USER_DISABLED: 'USER_DISABLED',
};

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * Local delivery: decides per recipient where a message goes (filters, spam level, forwards, autoreply)
 * and stores it. A recipient's outcome is final only after its copy is durably stored; one recipient's
 * failure never affects the others.
 */
export class DeliveryService {
  constructor(
    private readonly deps: DeliveryDependencies,
    private readonly options: DeliveryOptions,
  ) {}

  /** The RCPT TO decision: resolve, and refuse disabled or full accounts before any data is sent. */
  async checkRecipient(rcpt: string, announcedSize?: number): Promise<RecipientCheck> {
    const resolution = await this.deps.resolver.resolve(rcpt);
    switch (resolution.kind) {
      case 'invalid':
        return { ok: false, code: 'INVALID_ADDRESS' };
      case 'unknown':
        return { ok: false, code: 'UNKNOWN_RECIPIENT' };
      case 'forward':
        if (!this.deps.relayEnabled) return { ok: false, code: 'FORWARDING_UNAVAILABLE' };
        return { ok: true, recipient: { rcpt, resolution } };
      case 'user': {
        const refusal = await this.checkUser(resolution.userId, announcedSize ?? 0);
        return refusal ? { ok: false, code: refusal } : { ok: true, recipient: { rcpt, resolution } };
      }
    }
  }

  async deliver(request: DeliveryRequest): Promise<DeliveryOutcome[]> {
    // RFC 5321 2.3.8 / RFC 6152: 8BITMIME still excludes NUL, and BINARYMIME is not offered. The store's
    // text fields could not hold it either (PostgreSQL rejects U+0000 in JSON).
    if (request.raw.includes(0)) {
      return request.recipients.map((recipient) =>
        failure(recipient.rcpt, 'INVALID_CONTENT', 'NUL byte in DATA'),
      );
    }
    let prepared: PreparedMessage;
    try {
      prepared = await this.prepare(request.raw);
    } catch (error) {
      const code: RecipientFailureCode =
        isMimeError(error) && error.code === 'MESSAGE_TOO_LARGE' ? 'MESSAGE_TOO_LARGE' : 'TEMPORARY_FAILURE';
      if (code === 'TEMPORARY_FAILURE') {
        this.deps.log.warn(
          { session: request.envelope.id, err: describe(error) },
          'message could not be parsed',
        );
      }
      return request.recipients.map((recipient) => failure(recipient.rcpt, code, describe(error)));
    }
    const outcomes: DeliveryOutcome[] = [];
    for (const recipient of request.recipients) {
      try {
        outcomes.push(await this.deliverOne(request.envelope, prepared, recipient));
      } catch (error) {
        const code = (isMailStoreError(error) && STORE_FAILURES[error.code]) || 'TEMPORARY_FAILURE';
        if (code === 'TEMPORARY_FAILURE') {
          this.deps.log.warn(
            { session: request.envelope.id, rcpt: recipient.rcpt, err: describe(error) },
            'delivery failed',
          );
        }
        outcomes.push(failure(recipient.rcpt, code, describe(error)));
      }
    }
    return outcomes;
  }

  private async checkUser(userId: ObjectId, bytes: number): Promise<RecipientFailureCode | null> {
    let user;
    try {
      user = await this.deps.store.users.get(userId);
    } catch (error) {
      if (isMailStoreError(error, 'USER_NOT_FOUND')) return 'UNKNOWN_RECIPIENT';
      throw error;
    }
    if (user.disabled) return 'USER_DISABLED';
    // Already full, or the announced size would not fit: no point in receiving the data.
    if (user.quota > 0 && (user.storageUsed >= user.quota || user.storageUsed + bytes > user.quota)) {
      return 'OVER_QUOTA';
    }
    return null;
  }

  private async prepare(raw: Buffer): Promise<PreparedMessage> {
    // Parsed once for every recipient's filters and loop checks; each copy is parsed again as it is stored.
    const parsed = await parseMessage(raw, { maxMessageSize: this.options.maxMessageSize });
    const headerValue = getHeaderValue(parsed.tree, this.options.spam.header.toLowerCase());
    const verdict = headerValue === null ? null : parseSpamVerdict(headerValue, this.options.spam.format);
    return { raw, parsed, verdict, eol: lineEndingOf(raw) };
  }

  private withTrace(
    envelope: DeliveryEnvelope,
    message: PreparedMessage,
    recipient: AcceptedRecipient,
  ): Buffer {
    const trace = buildTraceHeaders(
      {
        sender: envelope.sender,
        recipient: deliveredTo(recipient),
        originalRecipient: recipient.rcpt,
        heloName: envelope.heloName,
        clientHostname: envelope.clientHostname,
        remoteAddress: envelope.remoteAddress,
        hostname: this.options.hostname,
        id: envelope.id,
        transport: envelope.transport,
        date: new Date(),
      },
      message.eol,
    );
    return Buffer.concat([trace, message.raw]);
  }

  private async deliverOne(
    envelope: DeliveryEnvelope,
    message: PreparedMessage,
    recipient: AcceptedRecipient,
  ): Promise<DeliveryOutcome> {
    const { resolution } = recipient;
    const full = this.withTrace(envelope, message, recipient);
    const headers = message.parsed.tree.headers;
    if (resolution.kind === 'forward') {
      if (!this.deps.relayEnabled) return failure(recipient.rcpt, 'FORWARDING_UNAVAILABLE', 'no relay');
      const targets = resolution.targets
        .map(parseForwardTarget)
        .filter((target): target is ForwardTarget => target !== null);
      if (!checkForward(headers, resolution.address).allowed) {
        // Our own copy came back: accepting and dropping it is what ends the loop.
        this.deps.log.warn(
          { session: envelope.id, address: resolution.address },
          'forwarding loop: message dropped',
        );
        return this.success(recipient, { disposition: 'discarded' });
      }
      const sent = await this.deps.outbound.forward({
        address: resolution.address,
        budgetSubject: `address:${resolution.address}`,
        envelopeSender: this.options.relayFrom || envelope.sender,
        headers,
        message: full,
        eol: message.eol,
        targets,
        sessionId: envelope.id,
      });
      if (sent === 0 && targets.length > 0) {
        return failure(recipient.rcpt, 'TEMPORARY_FAILURE', 'no forward target accepted the message');
      }
      return this.success(recipient, { disposition: 'forwarded', forwards: sent });
    }

    const userId = resolution.userId;
    const user = await this.deps.store.users.get(userId);
    if (user.disabled) return failure(recipient.rcpt, 'USER_DISABLED', 'account disabled');
    const [settings, filters, autoreply] = await Promise.all([
      this.deps.settings.get(userId),
      this.deps.filters.list(userId),
      this.deps.autoreplies.get(userId),
    ]);
    const facts = buildMessageFacts(message.parsed, deliveredTo(recipient), full.length);
    const actions = resolveActions(
      filters.filter((filter) => !filter.disabled),
      facts,
    );
    const spam = actions.spam ?? isSpamFor(message.verdict, this.options.spam.threshold, settings.spamLevel);
    // Spam is never sent on: no forwards, no autoreply.
    const userTargets = spam
      ? []
      : settings.forwardTargets.map(parseForwardTarget).filter((target): target is ForwardTarget => !!target);
    const filterTargets = spam ? [] : actions.targets;
    // A catch-all matched `*@domain`; replies and loop marks use the address the mail was really sent to.
    const ownAddress = resolution.address.startsWith('*@') ? deliveredTo(recipient) : resolution.address;
    const forwardRequest = {
      address: ownAddress,
      budgetSubject: `user:${userId.toHexString()}`,
      envelopeSender: this.options.relayFrom || envelope.sender,
      headers,
      message: full,
      eol: message.eol,
      sessionId: envelope.id,
    };

    let forwards = 0;
    let keepLocal = !actions.delete;
    if (!settings.keepCopy && userTargets.length > 0) {
      // Forward-only account: the forwards are the delivery; keep a copy anyway when none went out.
      forwards += await this.deps.outbound.forward({ ...forwardRequest, targets: userTargets });
      keepLocal = keepLocal && forwards === 0;
    }

    let mailbox: MailboxDocument | null = null;
    let uid: number | null = null;
    if (keepLocal) {
      mailbox = await this.targetMailbox(userId, spam, actions.mailbox, envelope.id);
      const flags = [...(actions.seen ? ['\\Seen'] : []), ...(actions.flag ? ['\\Flagged'] : [])];
      const stored = await this.deps.store.ingest.add(mailbox, full, { flags, expectedSize: full.length });
      // The 250 for this recipient may only follow a durable write.
      await this.deps.barrier.commit();
      uid = stored.uid;
    }

    const remaining = settings.keepCopy
      ? union(filterTargets, userTargets)
      : without(filterTargets, userTargets);
    forwards += await this.deps.outbound.forward({ ...forwardRequest, targets: remaining });
    const autoreplied = spam
      ? false
      : await this.deps.outbound.autoreply({
          userId: userId.toHexString(),
          address: ownAddress,
          envelopeSender: envelope.sender,
          headers,
          subject: message.parsed.summary.subject,
          messageId: message.parsed.summary.messageId,
          references: message.parsed.summary.references,
          settings: autoreply,
          sessionId: envelope.id,
        });
    const disposition = mailbox ? 'stored' : actions.delete ? 'discarded' : 'forwarded';
    return this.success(recipient, {
      disposition,
      mailbox: mailbox?.path ?? null,
      uid,
      spam,
      forwards,
      autoreplied,
      filters: actions.matched,
    });
  }

  private async targetMailbox(
    user: ObjectId,
    spam: boolean,
    wanted: string | undefined,
    session: string,
  ): Promise<MailboxDocument> {
    const { mailboxes } = this.deps.store;
    if (spam) {
      const junk = await mailboxes.findBySpecialUse(user, '\\Junk');
      if (junk) return junk;
    } else if (wanted) {
      try {
        return OBJECT_ID.test(wanted)
          ? await mailboxes.getById(user, new ObjectId(wanted))
          : await mailboxes.getByPath(user, wanted);
      } catch (error) {
        if (!isMailStoreError(error, 'MAILBOX_NOT_FOUND')) throw error;
        this.deps.log.warn(
          { session, mailbox: wanted },
          'filter target mailbox is gone; delivering to INBOX',
        );
      }
    }
    return mailboxes.getByPath(user, 'INBOX');
  }

  private success(
    recipient: AcceptedRecipient,
    details: Partial<Extract<DeliveryOutcome, { ok: true }>>,
  ): DeliveryOutcome {
    return {
      ok: true,
      rcpt: recipient.rcpt,
      address: recipient.resolution.address,
      disposition: details.disposition ?? 'stored',
      mailbox: details.mailbox ?? null,
      uid: details.uid ?? null,
      spam: details.spam ?? false,
      forwards: details.forwards ?? 0,
      autoreplied: details.autoreplied ?? false,
      filters: details.filters ?? [],
    };
  }
}

/** The address in Delivered-To: the recipient as given (normalised), so +tags and alias domains show. */
const deliveredTo = (recipient: AcceptedRecipient): string =>
  normalizeAddress(recipient.rcpt)?.address ?? recipient.resolution.address;

const keyOf = (target: ForwardTarget): string => target.value.toLowerCase();

/** `targets` minus those in `exclude`, compared case-insensitively. */
const without = (targets: readonly ForwardTarget[], exclude: readonly ForwardTarget[]): ForwardTarget[] => {
  const excluded = new Set(exclude.map(keyOf));
  return targets.filter((target) => !excluded.has(keyOf(target)));
};

const union = (first: readonly ForwardTarget[], second: readonly ForwardTarget[]): ForwardTarget[] => [
  ...first,
  ...without(second, first),
];

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
