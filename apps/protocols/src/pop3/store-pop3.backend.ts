import type { AuthService } from '@eider/accounts';
import type { MailStore, UserDocument } from '@eider/mailstore';
import type {
  Pop3AuthRequest,
  Pop3AuthResult,
  Pop3Backend,
  Pop3OpenResult,
  Pop3SessionInfo,
  Pop3User,
} from '@eider/pop3-core';
import type { RedisLeaseLock } from '@eider/redis';
import { MaildropLease } from './maildrop-lease';
import { StorePop3Maildrop, type Pop3DeleteMode } from './store-pop3.maildrop';

export interface StorePop3User extends Pop3User {
  document: UserDocument;
}

export interface StorePop3BackendOptions {
  deleteMode: Pop3DeleteMode;
  maxMessages: number;
  /** Lease length; renewed every third of it while the session lives. */
  lockTtlMs: number;
  onWarning?: (message: string, fields: Record<string, unknown>) => void;
}

/** A per-user override stored on the user document, when an operator set one. */
const userDeleteMode = (user: UserDocument): Pop3DeleteMode | null => {
  const value = (user as UserDocument & { pop3DeleteMode?: unknown }).pop3DeleteMode;
  return value === 'trash' || value === 'expunge' ? value : null;
};

/** The POP3 hooks over the mail store, the shared login rules and a Redis lease per maildrop. */
export class StorePop3Backend implements Pop3Backend<StorePop3User> {
  constructor(
    private readonly store: MailStore,
    private readonly auth: Pick<AuthService, 'authenticate'>,
    private readonly locks: RedisLeaseLock,
    private readonly options: StorePop3BackendOptions,
  ) {}

  async authenticate(request: Pop3AuthRequest): Promise<Pop3AuthResult<StorePop3User>> {
    const outcome = await this.auth.authenticate({
      username: request.username,
      password: request.password,
      remoteAddress: request.remoteAddress,
      protocol: 'pop3',
    });
    if (!outcome.ok) {
      return {
        ok: false,
        reason: outcome.reason,
        ...(outcome.retryAfterSeconds !== undefined ? { retryAfterSeconds: outcome.retryAfterSeconds } : {}),
      };
    }
    const document = outcome.user;
    return { ok: true, user: { id: document._id.toHexString(), username: document.username, document } };
  }

  async openMaildrop(user: StorePop3User, session: Pop3SessionInfo): Promise<Pop3OpenResult> {
    const lease = await MaildropLease.acquire(this.locks, `pop3:${user.id}`, {
      ttlMs: this.options.lockTtlMs,
      onLost: () =>
        this.options.onWarning?.('maildrop lease lost', {
          sessionId: session.sessionId,
          user: user.username,
        }),
    });
    if (!lease) return { ok: false, reason: 'in-use' };
    try {
      const maildrop = await StorePop3Maildrop.open(this.store, user.document._id, {
        maxMessages: this.options.maxMessages,
        deleteMode: userDeleteMode(user.document) ?? this.options.deleteMode,
        lease,
      });
      return { ok: true, maildrop };
    } catch (error) {
      await lease.release().catch(() => undefined);
      throw error;
    }
  }
}
