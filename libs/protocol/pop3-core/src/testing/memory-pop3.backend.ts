import { normalizeLineEndings } from '@eider/mime';
import {
  Pop3BackendError,
  type Pop3AuthRequest,
  type Pop3AuthResult,
  type Pop3Backend,
  type Pop3Maildrop,
  type Pop3OpenResult,
  type Pop3Update,
  type Pop3User,
} from '../pop3-backend';

export interface MemoryMessage {
  uid: number;
  content: Buffer;
  flags: Set<string>;
}

interface MemoryAccount {
  password: string;
  disabled: boolean;
  inbox: MemoryMessage[];
  trash: MemoryMessage[];
  uidNext: number;
}

export interface MemoryBackendOptions {
  deleteMode?: 'trash' | 'expunge';
  /** Newest N messages form the maildrop; 0 = all. */
  maxMessages?: number;
  /** Split message content into chunks this small, to exercise chunk boundaries. */
  chunkSize?: number;
}

/** An in-memory backend with the same semantics as the store-backed one, for core tests. */
export class MemoryPop3Backend implements Pop3Backend {
  readonly accounts = new Map<string, MemoryAccount>();
  readonly locks = new Set<string>();
  readonly rateLimited = new Set<string>();
  commits = 0;
  authAttempts: Pop3AuthRequest[] = [];

  constructor(private readonly options: MemoryBackendOptions = {}) {}

  addUser(username: string, password: string): void {
    this.accounts.set(username, { password, disabled: false, inbox: [], trash: [], uidNext: 1 });
  }

  addMessage(username: string, content: string | Buffer): number {
    const account = this.account(username);
    const uid = account.uidNext++;
    account.inbox.push({ uid, content: Buffer.from(content), flags: new Set() });
    return uid;
  }

  account(username: string): MemoryAccount {
    const account = this.accounts.get(username);
    if (!account) throw new Error(`no memory account ${username}`);
    return account;
  }

  authenticate(request: Pop3AuthRequest): Promise<Pop3AuthResult> {
    // The request is kept for assertions; tests check it carries what the session knew.
    this.authAttempts.push(request);
    if (this.rateLimited.has(request.username)) {
      return Promise.resolve({ ok: false, reason: 'rate-limited', retryAfterSeconds: 60 });
    }
    const account = this.accounts.get(request.username);
    if (!account || account.password !== request.password) {
      return Promise.resolve({ ok: false, reason: 'invalid' });
    }
    if (account.disabled) return Promise.resolve({ ok: false, reason: 'disabled' });
    return Promise.resolve({ ok: true, user: { id: request.username, username: request.username } });
  }

  openMaildrop(user: Pop3User): Promise<Pop3OpenResult> {
    if (this.locks.has(user.id)) return Promise.resolve({ ok: false, reason: 'in-use' });
    this.locks.add(user.id);
    const account = this.account(user.id);
    const max = this.options.maxMessages ?? 0;
    const listed = max > 0 ? account.inbox.slice(-max) : [...account.inbox];
    return Promise.resolve({ ok: true, maildrop: this.maildrop(user.id, account, listed) });
  }

  private maildrop(owner: string, account: MemoryAccount, listed: MemoryMessage[]): Pop3Maildrop {
    const sizes = Uint32Array.from(listed, (m) => crlfLength(m.content));
    const uids = Uint32Array.from(listed, (m) => m.uid);
    const chunkSize = this.options.chunkSize ?? 64 * 1024;
    let released = false;
    return {
      count: listed.length,
      sizeOf: (index) => sizes[index] ?? 0,
      uniqueIdOf: (index) => `m${uids[index] ?? 0}`,
      open: (index) => {
        const uid = uids[index];
        const message = account.inbox.find((m) => m.uid === uid);
        if (!message) return Promise.reject(new Pop3BackendError('MESSAGE_GONE', `uid ${uid} is gone`));
        return Promise.resolve(normalizeLineEndings(chunks(message.content, chunkSize)));
      },
      commit: (update: Pop3Update) => {
        this.commits++;
        const byUid = (index: number): MemoryMessage | undefined =>
          account.inbox.find((m) => m.uid === uids[index]);
        for (const index of update.seen) byUid(index)?.flags.add('\\Seen');
        const deleted = new Set(update.deleted.map((index) => uids[index]));
        const removed = account.inbox.filter((m) => deleted.has(m.uid));
        account.inbox = account.inbox.filter((m) => !deleted.has(m.uid));
        if ((this.options.deleteMode ?? 'trash') === 'trash') {
          for (const message of removed) {
            message.flags.add('\\Seen');
            account.trash.push(message);
          }
        }
        return Promise.resolve();
      },
      release: () => {
        if (!released) this.locks.delete(owner);
        released = true;
        return Promise.resolve();
      },
    };
  }
}

function* chunks(content: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < content.length; offset += size) yield content.subarray(offset, offset + size);
}

const crlfLength = (content: Buffer): number => {
  let extra = 0;
  for (let i = content.indexOf(0x0a); i !== -1; i = content.indexOf(0x0a, i + 1)) {
    if (i === 0 || content[i - 1] !== 0x0d) extra++;
  }
  return content.length + extra;
};
