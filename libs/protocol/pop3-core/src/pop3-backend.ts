/**
 * The hooks a storage backend implements. The core never touches storage itself: it keeps the
 * per-session state (message numbers, deletion marks) and hands the backend one update at QUIT.
 */

/** The user a successful authentication yields; backends may carry their own fields. */
export interface Pop3User {
  id: string;
  username: string;
}

export type Pop3AuthMechanism = 'USER' | 'PLAIN';

export interface Pop3AuthRequest {
  username: string;
  password: string;
  remoteAddress: string;
  /** True on implicit TLS or after STLS. */
  secure: boolean;
  mechanism: Pop3AuthMechanism;
}

export type Pop3AuthFailure = 'invalid' | 'disabled' | 'rate-limited' | 'unavailable';

export type Pop3AuthResult<TUser extends Pop3User = Pop3User> =
  { ok: true; user: TUser } | { ok: false; reason: Pop3AuthFailure; retryAfterSeconds?: number };

export interface Pop3SessionInfo {
  sessionId: string;
  remoteAddress: string;
  secure: boolean;
}

export type Pop3OpenFailure = 'in-use' | 'unavailable';

export type Pop3OpenResult = { ok: true; maildrop: Pop3Maildrop } | { ok: false; reason: Pop3OpenFailure };

/** What the UPDATE state applies; indexes are zero-based positions in the maildrop listing. */
export interface Pop3Update {
  /** Messages marked by DELE and not unmarked by RSET. */
  deleted: number[];
  /** Messages sent in full by RETR and not deleted: they gain \Seen. */
  seen: number[];
}

/**
 * One locked maildrop, listed once at login. Message number n is index n - 1. The listing must be
 * compact (the core calls `sizeOf`/`uniqueIdOf` while streaming LIST and UIDL), never whole messages.
 */
export interface Pop3Maildrop {
  readonly count: number;
  /** Octets as RETR sends them before byte-stuffing (bare LF counted as CRLF). */
  sizeOf(index: number): number;
  /** UIDL value: 1 to 70 characters from 0x21 to 0x7E, stable across sessions. */
  uniqueIdOf(index: number): string;
  /**
   * The message with bare LF turned into CRLF and nothing else changed, streamed. Rejects with a
   * `Pop3BackendError` ('MESSAGE_GONE') when it no longer exists; the core then answers -ERR.
   */
  open(index: number): Promise<AsyncIterable<Buffer>>;
  /** Applies the session's changes (UPDATE state). Called at most once, only after QUIT. */
  commit(update: Pop3Update): Promise<void>;
  /** Ends exclusive access. Always called once, after commit or instead of it. */
  release(): Promise<void>;
}

export interface Pop3Backend<TUser extends Pop3User = Pop3User> {
  authenticate(request: Pop3AuthRequest): Promise<Pop3AuthResult<TUser>>;
  /** Locks and lists the maildrop; 'in-use' when another session holds it. */
  openMaildrop(user: TUser, session: Pop3SessionInfo): Promise<Pop3OpenResult>;
}

export type Pop3BackendErrorCode = 'MESSAGE_GONE' | 'LOCK_LOST' | 'TEMPORARY';

/** Failures a backend reports on purpose; anything else is treated as an internal error. */
export class Pop3BackendError extends Error {
  constructor(
    readonly code: Pop3BackendErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'Pop3BackendError';
  }
}

export const isPop3BackendError = (error: unknown): error is Pop3BackendError =>
  error instanceof Pop3BackendError;
