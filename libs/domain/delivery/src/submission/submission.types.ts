import type { ObjectId } from 'mongodb';
import type { ReferenceAction } from './reply-context';

export interface SubmissionAddress {
  name?: string;
  address: string;
}

export interface SubmissionAttachment {
  filename?: string;
  contentType?: string;
  /** Base64 content. */
  content: string;
  /** Content-ID (without angle brackets) for an image the HTML refers to as `cid:...`. */
  cid?: string;
}

export interface SubmissionHeader {
  key: string;
  value: string;
}

/** A message the user composes; shapes follow WildDuck's `POST /users/:user/submit`. */
export interface SubmitInput {
  /** Store the copy here instead of Sent (or Drafts for a draft). */
  mailbox?: ObjectId;
  /** The message being answered or forwarded (mailbox id plus UID). */
  reference?: {
    mailbox: ObjectId;
    id: number;
    action: ReferenceAction;
    /** Forward only: true for all of the parent's attachments, or the ids of some. */
    attachments?: boolean | string[];
  };
  /** A stored draft (mailbox id plus UID) that this message replaces; deleted once the copy is stored. */
  draft?: { mailbox: ObjectId; id: number };
  from?: SubmissionAddress;
  replyTo?: SubmissionAddress;
  to?: SubmissionAddress[];
  cc?: SubmissionAddress[];
  bcc?: SubmissionAddress[];
  subject?: string;
  text?: string;
  html?: string;
  headers?: SubmissionHeader[];
  attachments?: SubmissionAttachment[];
  /** Store in Drafts with `\Draft`; nothing is sent. */
  isDraft?: boolean;
  /** Store only; nothing is sent. */
  uploadOnly?: boolean;
  /** The Date header; a time in the future is refused, as there is no delayed sending. */
  sendTime?: Date;
  /** SMTP envelope overriding the one derived from the headers. */
  envelope?: { from?: SubmissionAddress; to?: SubmissionAddress[] };
}

export interface SubmitResult {
  /** UID of the stored copy. */
  id: number;
  mailbox: ObjectId;
  size: number;
  messageId: string;
  /** Whether the message went out through the relay. */
  sent: boolean;
  /** The relay's queue id when it announced one. */
  queueId: string | null;
  envelope: { from: string; to: string[] };
}

export interface SubmissionOptions {
  maxMessageSize: number;
  /** Allowed clock skew for `sendTime`, in milliseconds. */
  sendTimeSkewMs?: number;
}
