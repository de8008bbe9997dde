/**
 * The hooks the IMAP core calls. A backend (the real mail store, or the in-memory one in
 * `testing/`) implements `ImapBackend`; the core never touches storage itself.
 *
 * Conventions:
 * - Mailbox paths are UTF-8 with `/` as the hierarchy delimiter (the delimiter the core
 *   advertises). `INBOX` is matched case-insensitively by the core before calling hooks, and
 *   always passed as exactly `INBOX`.
 * - UIDs are positive integers; UID lists passed to hooks are sorted ascending and unique.
 * - Hooks signal expected failures with `ImapHookError(code, message)`; the core answers
 *   `NO [CODE] message`. Any other thrown error becomes `NO [SERVERBUG] Internal error` and is
 *   logged without its text reaching the client.
 * - `\Recent` (IMAP4rev1 only; rev2 removed it) is optional. The backend decides which session
 *   holds a message as recent (`SelectResult.recentUids`, `MailboxChanges.recent`,
 *   `MailboxStatus.recent`); the core keeps the per-session set, reports `* n RECENT`, adds
 *   `\Recent` to FETCH FLAGS and rewrites SEARCH RECENT/NEW/OLD into UID sets, so `search`
 *   never sees them. A backend that reports none gets `RECENT 0` and no message is recent.
 */
import type { MimeNode, SectionContent, SectionSpec } from '@eider/mime';

import type { SearchKey } from './search/search-ast';

export type { SearchKey } from './search/search-ast';

/** Codes a hook may throw; each maps to the IMAP response code of the same name. */
export type ImapHookErrorCode =
  | 'NONEXISTENT'
  | 'ALREADYEXISTS'
  | 'OVERQUOTA'
  | 'TOOBIG'
  | 'LIMIT'
  | 'CANNOT'
  | 'NOPERM'
  | 'TRYCREATE'
  | 'INUSE'
  | 'EXPUNGEISSUED'
  | 'UNAVAILABLE'
  | 'SERVERBUG';

export class ImapHookError extends Error {
  constructor(
    readonly code: ImapHookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImapHookError';
  }
}

export function isImapHookError(error: unknown): error is ImapHookError {
  return error instanceof ImapHookError;
}

export interface ImapUser {
  id: string;
  username: string;
}

/** Passed to every hook after authentication. */
export interface ImapHookContext {
  sessionId: string;
  user: ImapUser;
  remoteAddress: string;
  secure: boolean;
}

// ---------------------------------------------------------------- authentication

export type ImapAuthMechanism = 'LOGIN' | 'PLAIN' | 'AUTH=LOGIN';

export interface ImapAuthRequest {
  sessionId: string;
  username: string;
  password: string;
  /** `LOGIN` for the LOGIN command, `PLAIN`/`AUTH=LOGIN` for the SASL mechanisms. */
  mechanism: ImapAuthMechanism;
  /** SASL PLAIN authorisation identity when the client sent one ('' otherwise). */
  authzid: string;
  remoteAddress: string;
  secure: boolean;
}

export type ImapAuthFailure = 'invalid' | 'rate-limited' | 'disabled' | 'unavailable';

export type ImapAuthResult = { ok: true; user: ImapUser } | { ok: false; reason: ImapAuthFailure };

// ---------------------------------------------------------------- mailboxes

export type SpecialUse = '\\All' | '\\Archive' | '\\Drafts' | '\\Flagged' | '\\Junk' | '\\Sent' | '\\Trash';

export const SPECIAL_USES: readonly SpecialUse[] = [
  '\\All',
  '\\Archive',
  '\\Drafts',
  '\\Flagged',
  '\\Junk',
  '\\Sent',
  '\\Trash',
];

/** One row of the mailbox list (LIST/LSUB). */
export interface MailboxListEntry {
  id: string;
  /** UTF-8, `/`-delimited; `INBOX` spelled exactly so. */
  path: string;
  specialUse: SpecialUse | null;
  subscribed: boolean;
  /** True for a placeholder that exists only as a parent (LIST reports \Noselect). */
  noSelect?: boolean;
  /**
   * A subscribed name with no mailbox behind it (RFC 3501 lets clients subscribe to names
   * that do not exist). LSUB lists it, LIST (SUBSCRIBED) reports it `\NonExistent`, plain
   * LIST and the CHILDREN attributes ignore it. `subscribed` must be true.
   */
  nonExistent?: boolean;
}

/** Counters for STATUS / SELECT. */
export interface MailboxStatus {
  id: string;
  path: string;
  uidValidity: number;
  uidNext: number;
  /** 0 when the backend does not track modseqs. */
  highestModseq: number;
  messages: number;
  unseen: number;
  deleted: number;
  /** Sum of RFC822.SIZE of all messages (STATUS=SIZE). */
  size: number;
  /** STATUS RECENT: messages no session has claimed as \Recent yet; 0 when absent. */
  recent?: number;
}

export interface SelectResult {
  status: MailboxStatus;
  /** Every UID in the mailbox, ascending. Typed array preferred for large mailboxes. */
  uids: Uint32Array | readonly number[];
  /** Flags in use (system flags plus keywords) for the FLAGS response. */
  flags: readonly string[];
  /** True when the user may not modify this mailbox even with SELECT. */
  readOnly?: boolean;
  /** specialUse for the rev2 LIST-style data; optional. */
  specialUse?: SpecialUse | null;
  /**
   * UIDs this session holds as \Recent after SELECT (claimed for it, so no other session gets
   * them); for EXAMINE the recent UIDs without claiming them. Absent: nothing is recent.
   */
  recentUids?: readonly number[];
  /**
   * The lowest UID without \Seen, or null when every message is seen, for rev1's `OK [UNSEEN n]`. A
   * backend that read the flags anyway saves the core a SEARCH; absent, the core searches.
   */
  firstUnseenUid?: number | null;
}

export interface CreateOptions {
  specialUse: SpecialUse[];
}

// ---------------------------------------------------------------- messages

/** What the core needs from `fetch`, so FLAGS-only fetches stay cheap. */
export interface FetchNeeds {
  /** ENVELOPE, BODY, BODYSTRUCTURE: `tree` must be present. */
  tree: boolean;
  /** BODY[...], RFC822*, BINARY: `openSection` must be present. */
  content: boolean;
  /** EMAILID, THREADID (RFC 8474): `emailId` and `threadId` must be present. */
  objectIds?: boolean;
  /** PREVIEW (RFC 8970): `preview` must be present. */
  preview?: boolean;
  /**
   * CONDSTORE CHANGEDSINCE: only messages whose modseq is higher are wanted. A backend may skip the
   * others early (the core filters again), which saves reading trees or bodies it would throw away.
   */
  changedSince?: number;
}

export interface FetchRecord {
  uid: number;
  modseq: number;
  flags: readonly string[];
  internalDate: Date;
  /** RFC822.SIZE: byte count of the message as sent (CRLF-normalised). */
  size: number;
  /** Present when `needs.tree`. */
  tree?: MimeNode;
  /** Present when `needs.content`; returns null when the section does not exist. */
  openSection?: (spec: SectionSpec) => SectionContent | null;
  /** RFC 8474 EMAILID, present when `needs.objectIds`; kept by COPY and MOVE. */
  emailId?: string;
  /** RFC 8474 THREADID, present when `needs.objectIds`; null when the backend does not thread. */
  threadId?: string | null;
  /** RFC 8514 SAVEDATE: when the message was stored in this mailbox (COPY and MOVE make a new one). */
  saveDate?: Date | null;
  /** RFC 8970 PREVIEW, present when `needs.preview`: at most 256 characters of plain text. */
  preview?: string | null;
}

export type StoreOperation = 'add' | 'remove' | 'set';

export interface SetFlagsRequest {
  op: StoreOperation;
  uids: readonly number[];
  flags: readonly string[];
  /** CONDSTORE UNCHANGEDSINCE (part 2); messages whose modseq is higher are left alone. */
  unchangedSince?: number;
}

export interface FlagUpdate {
  uid: number;
  flags: readonly string[];
  modseq: number;
}

export interface SetFlagsResult {
  /** Every message that still exists among the requested UIDs, with its flags after the change. */
  updated: FlagUpdate[];
  /** UIDs refused because of `unchangedSince`. */
  modified: number[];
}

export interface CopyResult {
  /** UIDVALIDITY of the destination. */
  uidValidity: number;
  /** Pairs [sourceUid, destinationUid], ascending by source. */
  mapping: Array<[number, number]>;
}

export interface AppendCheckRequest {
  path: string;
  /** Literal size announced by the client. */
  size: number;
}

export interface AppendRequest {
  mailboxId: string;
  flags: readonly string[];
  internalDate: Date | null;
  content: Buffer;
}

export interface AppendResult {
  uid: number;
  uidValidity: number;
}

// ---------------------------------------------------------------- sort and thread

/** The first address of a From/To/Cc header as SORT needs it; '' for a missing part. */
export interface SortAddress {
  /** addr-mailbox: the local part, as written. */
  mailbox: string;
  host: string;
  /** Display name, RFC 2047 decoded; '' when there is none. */
  name: string;
}

/**
 * What SORT and THREAD (RFC 5256, RFC 5957) need of one message, and nothing heavier. A message's
 * record never changes while its UID exists (flags are not sort keys), so backends may cache it.
 */
export interface SortRecord {
  uid: number;
  internalDate: Date;
  /** RFC822.SIZE. */
  size: number;
  /** The Date header, or null when it is missing or unparsable (the core then uses INTERNALDATE). */
  sentDate: Date | null;
  /** Subject, RFC 2047 decoded to UTF-8 ('' when absent); the core extracts the base subject. */
  subject: string;
  /** First address of From / To / Cc (group members count; group names do not); null when none. */
  from: SortAddress | null;
  to: SortAddress | null;
  cc: SortAddress | null;
  /** First valid `<id>` of Message-ID, brackets kept, or null. */
  messageId: string | null;
  /** First valid `<id>` of In-Reply-To, or null. */
  inReplyTo: string | null;
  /** The valid `<id>`s of References in header order. */
  references: readonly string[];
}

// ---------------------------------------------------------------- changes

export interface MailboxChanges {
  highestModseq: number;
  /** UIDs added since `modseq` (the core ignores ones it already knows). */
  exists: number[];
  /** UIDs expunged since `modseq` (the core ignores ones it does not know). */
  expunged: number[];
  /** Flag changes since `modseq`, for messages that still exist. */
  flagUpdates: FlagUpdate[];
  /**
   * Among `exists`, the UIDs this session now holds as \Recent: a read-write session claims
   * the ones no other session has claimed. UIDs the core already knew are ignored.
   */
  recent?: readonly number[];
}

// ---------------------------------------------------------------- quota

export interface QuotaResource {
  /** STORAGE is reported in bytes here; the core converts to KiB for the wire. */
  name: 'STORAGE' | 'MESSAGE';
  usage: number;
  limit: number;
}

export interface QuotaInfo {
  root: string;
  resources: QuotaResource[];
}

// ---------------------------------------------------------------- the backend

export interface ImapBackend {
  authenticate(request: ImapAuthRequest): Promise<ImapAuthResult>;

  listMailboxes(ctx: ImapHookContext): Promise<MailboxListEntry[]>;
  /** Throws NONEXISTENT. */
  status(ctx: ImapHookContext, path: string): Promise<MailboxStatus>;
  /** Throws NONEXISTENT (or NOPERM). */
  select(ctx: ImapHookContext, path: string, options: { readOnly: boolean }): Promise<SelectResult>;
  /**
   * Creates missing parents too; answers the new mailbox's id (RFC 8474 MAILBOXID). Throws
   * ALREADYEXISTS, CANNOT, LIMIT.
   */
  createMailbox(ctx: ImapHookContext, path: string, options: CreateOptions): Promise<{ id: string }>;
  /** Throws NONEXISTENT, CANNOT (INBOX), INUSE. */
  deleteMailbox(ctx: ImapHookContext, path: string): Promise<void>;
  /** Renames children too. Renaming INBOX moves its messages to a new mailbox (RFC 3501). */
  renameMailbox(ctx: ImapHookContext, from: string, to: string): Promise<void>;
  setSubscribed(ctx: ImapHookContext, path: string, subscribed: boolean): Promise<void>;

  /**
   * Streams records for the UIDs that still exist, ascending. Must not buffer the whole
   * answer: `UID FETCH 1:* (FLAGS)` on a large mailbox is a normal request.
   */
  fetch(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    needs: FetchNeeds,
  ): AsyncIterable<FetchRecord>;
  /** Returns the subset of `uidsInScope` that matches; `uidsInScope` is the session's view. */
  search(
    ctx: ImapHookContext,
    mailboxId: string,
    query: SearchKey,
    uidsInScope: readonly number[],
  ): Promise<number[]>;
  setFlags(ctx: ImapHookContext, mailboxId: string, request: SetFlagsRequest): Promise<SetFlagsResult>;
  /** Throws TRYCREATE when the destination does not exist, OVERQUOTA. */
  copy(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    destination: string,
  ): Promise<CopyResult>;
  /** Like copy, then removes the sources; the core reports the EXPUNGEs itself. */
  move(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    destination: string,
  ): Promise<CopyResult>;
  /**
   * SORT/THREAD data for `uids` (the matches of a `search` just made, ascending); UIDs that no
   * longer exist are left out. Any order; the core sorts. Called once per SORT/THREAD command.
   */
  sortData(ctx: ImapHookContext, mailboxId: string, uids: readonly number[]): Promise<SortRecord[]>;
  /** Removes \Deleted messages (restricted to `uids` when given); returns the expunged UIDs. */
  expunge(ctx: ImapHookContext, mailboxId: string, uids: readonly number[] | null): Promise<number[]>;

  /** Before the literal is read: returns the mailbox id or throws TRYCREATE/OVERQUOTA/TOOBIG. */
  appendCheck(ctx: ImapHookContext, request: AppendCheckRequest): Promise<{ mailboxId: string }>;
  append(ctx: ImapHookContext, request: AppendRequest): Promise<AppendResult>;

  /** Changes made after `modseq` (by anyone; the core filters what it already reported). */
  changesSince(ctx: ImapHookContext, mailboxId: string, modseq: number): Promise<MailboxChanges>;
  /**
   * QRESYNC: UIDs expunged from the mailbox after `modseq`, or null when the backend no longer knows
   * (its history was trimmed past `modseq`). On null the core falls back to what RFC 7162 allows: every
   * UID the client may know that no longer exists, narrowed by the client's sequence-match data.
   */
  expungedSince(ctx: ImapHookContext, mailboxId: string, modseq: number): Promise<number[] | null>;
  /** Calls `onChange` (no arguments) whenever the mailbox may have changed. Returns unsubscribe. */
  watch(ctx: ImapHookContext, mailboxId: string, onChange: () => void): () => void;
  /**
   * Optional, for NOTIFY (RFC 5465): calls `onChange` with a mailbox id when that mailbox of the user
   * may have changed, or with null when anything may have (mailboxes created, renamed or deleted,
   * subscriptions, a lost connection to the change feed). Returns unsubscribe. Without it the server
   * does not offer NOTIFY.
   */
  watchUser?(ctx: ImapHookContext, onChange: (mailboxId: string | null) => void): () => void;

  /** Quota roots that apply to a mailbox (GETQUOTAROOT); [] when quota is not enforced. */
  getQuotaRoot(ctx: ImapHookContext, path: string): Promise<QuotaInfo[]>;
  /** Throws NONEXISTENT for an unknown root. */
  getQuota(ctx: ImapHookContext, root: string): Promise<QuotaInfo>;

  /** Optional: called once when a session ends (logout, disconnect, shutdown). */
  sessionEnded?(ctx: ImapHookContext): void;
}
