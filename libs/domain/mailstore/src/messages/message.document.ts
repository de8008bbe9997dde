import type { ObjectId } from 'mongodb';
import type { AttachmentInfo, BodyStructure, Envelope, MimeNode } from '@eider/mime';

export interface SearchHeader {
  key: string;
  /** Lowercased and capped, for index-backed HEADER search. */
  value: string;
}

export interface MessageDocument {
  _id: ObjectId;
  user: ObjectId;
  mailbox: ObjectId;
  uid: number;
  /** `uidBlockOf(uid)`, rewritten with every UID; absent on documents stored before it existed. */
  uidBlock?: number;
  modseq: number;
  /** RFC 8474 EMAILID: assigned once, kept by COPY and MOVE. */
  emailId: string;
  /** Conversation id (RFC 8474 THREADID), shared by replies across mailboxes. */
  thread: ObjectId;
  /** This message's Message-ID plus its References and In-Reply-To, for thread lookups. */
  threadRefs: string[];
  flags: string[];
  // Derived from `flags`, for index-backed counters and searches.
  unseen: boolean;
  flagged: boolean;
  deleted: boolean;
  draft: boolean;
  /** INTERNALDATE. */
  idate: Date;
  /** The Date header, or null. */
  hdate: Date | null;
  /** RFC822.SIZE: the exact rebuilt length. */
  size: number;
  /** Length once bare LFs become CRLF, what IMAP and POP3 send. */
  sizeCrlf: number;
  msgid: string | null;
  subject: string;
  tree: MimeNode;
  envelope: Envelope;
  bodyStructure: BodyStructure;
  /** Lowercased addresses and display names per header, for search. */
  addresses: { from: string[]; to: string[]; cc: string[]; bcc: string[] };
  searchHeaders: SearchHeader[];
  text: string;
  html: string;
  preview: string;
  attachments: AttachmentInfo[];
  hasAttachments: boolean;
  listId: string | null;
  /** GridFS content keys this message holds one reference to each (duplicates repeat). */
  externalKeys: string[];
  created: Date;
}

/** Fields never needed by listings; excluded from list queries to keep them light. */
export const HEAVY_FIELDS = { tree: 0, text: 0, html: 0, searchHeaders: 0, bodyStructure: 0 } as const;
