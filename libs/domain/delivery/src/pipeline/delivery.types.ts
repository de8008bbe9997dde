import type { ObjectId } from 'mongodb';
import type { SpamHeaderFormat } from '../spam/spam-verdict.parser';

/** What `AddressService.resolve` (@eider/accounts) answers; repeated here so this lib only needs the shape. */
export type RecipientResolution =
  | { kind: 'user'; userId: ObjectId; address: string; tag: string | null }
  | { kind: 'forward'; address: string; targets: string[] }
  | { kind: 'unknown' }
  | { kind: 'invalid' };

export interface RecipientResolver {
  resolve(recipient: string): Promise<RecipientResolution>;
}

export type DeliverableResolution = Extract<RecipientResolution, { kind: 'user' } | { kind: 'forward' }>;

/** One recipient accepted at RCPT time. */
export interface AcceptedRecipient {
  /** The address exactly as the client gave it in RCPT TO. */
  rcpt: string;
  resolution: DeliverableResolution;
}

export interface DeliveryEnvelope {
  /** MAIL FROM; '' for the null sender. */
  sender: string;
  heloName: string;
  clientHostname: string;
  remoteAddress: string;
  /** Session or transaction id, written into Received and logs. */
  id: string;
  transport: 'LMTP' | 'LMTPS';
}

/** Why one recipient was refused. The LMTP edge maps each code to its reply. */
export type RecipientFailureCode =
  | 'INVALID_ADDRESS'
  | 'UNKNOWN_RECIPIENT'
  | 'USER_DISABLED'
  | 'OVER_QUOTA'
  | 'MESSAGE_TOO_LARGE'
  /** NUL bytes: not allowed in SMTP/LMTP DATA without BINARYMIME, which is not offered. */
  | 'INVALID_CONTENT'
  | 'FORWARDING_UNAVAILABLE'
  | 'TEMPORARY_FAILURE';

export type RecipientCheck =
  { ok: true; recipient: AcceptedRecipient } | { ok: false; code: RecipientFailureCode };

export type DeliveryOutcome =
  | {
      ok: true;
      rcpt: string;
      /** stored: in a mailbox; discarded: a filter deleted it; forwarded: sent on without a local copy. */
      disposition: 'stored' | 'discarded' | 'forwarded';
      address: string;
      mailbox: string | null;
      uid: number | null;
      spam: boolean;
      forwards: number;
      autoreplied: boolean;
      /** Names of the filters that matched, for logs. */
      filters: string[];
    }
  | { ok: false; rcpt: string; code: RecipientFailureCode; detail: string };

export interface DeliveryOptions {
  /** This host's name for Received headers. */
  hostname: string;
  maxMessageSize: number;
  spam: { header: string; format: SpamHeaderFormat; threshold: number };
  forwardsPerUserPerHour: number;
  autoreplyIntervalSeconds: number;
  /**
   * lmtp.relay.from: envelope sender for forwarded copies, so receivers that check SPF see our domain;
   * empty keeps the original sender (bounces then go straight back to it).
   */
  relayFrom?: string;
  /** Redis key prefix (config.redis.keyPrefix). */
  keyPrefix: string;
}

/** Structured log sink; PinoLogger fits. */
export interface DeliveryLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export const silentDeliveryLog: DeliveryLog = { info: () => undefined, warn: () => undefined };
