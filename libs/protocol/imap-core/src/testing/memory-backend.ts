import { countBareLfs, type ParsedMessage, openSection, parseMessageSync } from '@eider/mime';

import {
  type AppendCheckRequest,
  type AppendRequest,
  type AppendResult,
  type CopyResult,
  type CreateOptions,
  type FetchNeeds,
  type FetchRecord,
  type FlagUpdate,
  type ImapAuthRequest,
  type ImapAuthResult,
  type ImapBackend,
  ImapHookError,
  type ImapHookContext,
  type MailboxChanges,
  type MailboxListEntry,
  type MailboxStatus,
  type QuotaInfo,
  type SearchKey,
  type SelectResult,
  type SetFlagsRequest,
  type SetFlagsResult,
  type SpecialUse,
} from '../imap-backend';
import { matchesSearch } from '../search/search-evaluator';
import { searchCandidate as candidate } from './memory-search-candidate';
import { MemoryRecentClaims } from './memory-recent';
import { memorySortData } from './memory-sort-data';

interface MemMessage {
  uid: number;
  modseq: number;
  flags: string[];
  internalDate: Date;
  raw: Buffer;
  /** RFC822.SIZE after CRLF normalisation. */
  size: number;
  /** Parsed on first use, so bulk deliveries in tests stay fast. */
  parsed: ParsedMessage | null;
  /** RFC 8474 EMAILID, carried over by COPY and MOVE. */
  emailId: string;
  /** RFC 8514 SAVEDATE: when it was stored in this mailbox. */
  saveDate: Date;
}

interface JournalEntry {
  modseq: number;
  kind: 'exists' | 'expunge';
  uid: number;
}

interface MemMailbox {
  id: string;
  path: string;
  specialUse: SpecialUse | null;
  noSelect: boolean;
  uidValidity: number;
  uidNext: number;
  highestModseq: number;
  messages: MemMessage[];
  journal: JournalEntry[];
  /** Expunges at or below this modseq are forgotten, as a store that trims its history would. */
  expungeHistoryFloor: number;
  watchers: Set<() => void>;
  /** The owning user's id, for user-wide watchers (NOTIFY). */
  ownerId: string;
}

interface MemUser {
  id: string;
  username: string;
  password: string;
  mailboxes: Map<string, MemMailbox>;
  /** Subscribed names; a name may outlive its mailbox or precede it (RFC 3501 6.3.6). */
  subscriptions: Set<string>;
  storageLimit: number;
  messageLimit: number;
}

export interface MemoryUserSpec {
  username: string;
  password: string;
  /** Bytes; default 100 MiB. */
  storageLimit?: number;
  messageLimit?: number;
}

let nextId = 1;

/**
 * A complete in-memory `ImapBackend` with real MIME parsing, shared by every session that
 * uses the same instance, with a per-mailbox change journal so change propagation between
 * sessions (EXISTS, EXPUNGE, FETCH FLAGS) behaves like the real store.
 */
export class MemoryImapBackend implements ImapBackend {
  private readonly users = new Map<string, MemUser>();
  /** Counts calls, so tests can assert laziness (e.g. FLAGS-only fetches do not parse). */
  readonly calls: Record<string, number> = {};
  private readonly recent = new MemoryRecentClaims();
  /** User-wide watchers (NOTIFY): a mailbox id, or null when the list of mailboxes may have changed. */
  private readonly userWatchers = new Map<string, Set<(mailboxId: string | null) => void>>();

  constructor(users: MemoryUserSpec[] = [{ username: 'alice', password: 'secret' }]) {
    for (const u of users) this.addUser(u);
  }

  addUser(spec: MemoryUserSpec): void {
    const user: MemUser = {
      id: `u${nextId++}`,
      username: spec.username,
      password: spec.password,
      mailboxes: new Map(),
      subscriptions: new Set(),
      storageLimit: spec.storageLimit ?? 100 * 1024 * 1024,
      messageLimit: spec.messageLimit ?? 1_000_000,
    };
    this.users.set(spec.username.toLowerCase(), user);
    this.makeMailbox(user, 'INBOX', null);
    this.makeMailbox(user, 'Sent', '\\Sent');
    this.makeMailbox(user, 'Trash', '\\Trash');
  }

  /** Test helper: deliver a message directly (as LMTP would). */
  deliver(
    username: string,
    path: string,
    raw: Buffer | string,
    flags: string[] = [],
    date = new Date(),
  ): number {
    const user = this.users.get(username.toLowerCase());
    const box = user?.mailboxes.get(path);
    if (!box) throw new Error(`no mailbox ${path}`);
    return this.insert(box, typeof raw === 'string' ? Buffer.from(raw) : raw, flags, date).uid;
  }

  private parsed(m: MemMessage): ParsedMessage {
    if (m.parsed === null) {
      this.count('parse');
      m.parsed = parseMessageSync(m.raw);
    }
    return m.parsed;
  }

  private count(name: string): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
  }

  private makeMailbox(user: MemUser, path: string, specialUse: SpecialUse | null): MemMailbox {
    const box: MemMailbox = {
      id: `m${nextId++}`,
      path,
      specialUse,
      noSelect: false,
      uidValidity: 1000 + nextId,
      uidNext: 1,
      highestModseq: 1,
      messages: [],
      journal: [],
      expungeHistoryFloor: 0,
      watchers: new Set(),
      ownerId: user.id,
    };
    user.mailboxes.set(path, box);
    this.notifyUser(user.id, null);
    user.subscriptions.add(path);
    return box;
  }

  private user(ctx: ImapHookContext): MemUser {
    const user = this.users.get(ctx.user.username.toLowerCase());
    if (!user) throw new ImapHookError('NONEXISTENT', 'No such user');
    return user;
  }

  private box(ctx: ImapHookContext, path: string): MemMailbox {
    const box = this.user(ctx).mailboxes.get(path);
    if (!box || box.noSelect) throw new ImapHookError('NONEXISTENT', 'No such mailbox');
    return box;
  }

  private boxById(ctx: ImapHookContext, id: string): MemMailbox {
    for (const box of this.user(ctx).mailboxes.values()) if (box.id === id) return box;
    throw new ImapHookError('NONEXISTENT', 'Mailbox is gone');
  }

  private notify(box: MemMailbox): void {
    for (const w of box.watchers) setImmediate(w);
    this.notifyUser(box.ownerId, box.id);
  }

  private notifyUser(userId: string, mailboxId: string | null): void {
    for (const watcher of this.userWatchers.get(userId) ?? []) setImmediate(() => watcher(mailboxId));
  }

  private insert(
    box: MemMailbox,
    raw: Buffer,
    flags: readonly string[],
    date: Date,
    emailId = `M${nextId++}`,
  ): MemMessage {
    const modseq = ++box.highestModseq;
    const message: MemMessage = {
      uid: box.uidNext++,
      modseq,
      flags: [...flags],
      internalDate: date,
      raw,
      size: raw.length + countBareLfs(raw),
      parsed: null,
      emailId,
      saveDate: new Date(),
    };
    box.messages.push(message);
    box.journal.push({ modseq, kind: 'exists', uid: message.uid });
    this.notify(box);
    return message;
  }

  private remove(box: MemMailbox, uids: ReadonlySet<number>): number[] {
    const removed: number[] = [];
    box.messages = box.messages.filter((m) => {
      if (!uids.has(m.uid)) return true;
      removed.push(m.uid);
      return false;
    });
    for (const uid of removed) box.journal.push({ modseq: ++box.highestModseq, kind: 'expunge', uid });
    if (removed.length > 0) this.notify(box);
    return removed;
  }

  private usage(user: MemUser): { bytes: number; messages: number } {
    let bytes = 0;
    let messages = 0;
    for (const box of user.mailboxes.values()) {
      messages += box.messages.length;
      for (const m of box.messages) bytes += m.size;
    }
    return { bytes, messages };
  }

  private statusOf(box: MemMailbox): MailboxStatus {
    const has = (m: MemMessage, f: string): boolean => m.flags.includes(f);
    return {
      id: box.id,
      path: box.path,
      uidValidity: box.uidValidity,
      uidNext: box.uidNext,
      highestModseq: box.highestModseq,
      messages: box.messages.length,
      unseen: box.messages.filter((m) => !has(m, '\\Seen')).length,
      deleted: box.messages.filter((m) => has(m, '\\Deleted')).length,
      size: box.messages.reduce((a, m) => a + m.size, 0),
      recent: this.recent.unclaimed(
        box.id,
        box.messages.map((m) => m.uid),
      ),
    };
  }

  // ---------------------------------------------------------------- hooks

  authenticate(request: ImapAuthRequest): Promise<ImapAuthResult> {
    this.count('authenticate');
    const user = this.users.get(request.username.toLowerCase());
    if (!user || user.password !== request.password) return Promise.resolve({ ok: false, reason: 'invalid' });
    return Promise.resolve({ ok: true, user: { id: user.id, username: user.username } });
  }

  listMailboxes(ctx: ImapHookContext): Promise<MailboxListEntry[]> {
    this.count('listMailboxes');
    const user = this.user(ctx);
    const entries: MailboxListEntry[] = [...user.mailboxes.values()].map((b) => ({
      id: b.id,
      path: b.path,
      specialUse: b.specialUse,
      subscribed: user.subscriptions.has(b.path),
      noSelect: b.noSelect,
    }));
    for (const path of user.subscriptions) {
      if (!user.mailboxes.has(path))
        entries.push({ id: '', path, specialUse: null, subscribed: true, nonExistent: true });
    }
    return Promise.resolve(entries);
  }

  status(ctx: ImapHookContext, path: string): Promise<MailboxStatus> {
    return Promise.resolve(this.statusOf(this.box(ctx, path)));
  }

  select(ctx: ImapHookContext, path: string, options: { readOnly: boolean }): Promise<SelectResult> {
    this.count('select');
    const box = this.box(ctx, path);
    const uids = box.messages.map((m) => m.uid);
    const keywords = new Set<string>();
    for (const m of box.messages) for (const f of m.flags) if (!f.startsWith('\\')) keywords.add(f);
    return Promise.resolve({
      status: this.statusOf(box),
      uids: Uint32Array.from(uids),
      flags: [...keywords],
      specialUse: box.specialUse,
      recentUids: this.recent.selected(ctx.sessionId, box.id, options.readOnly, uids),
    });
  }

  createMailbox(ctx: ImapHookContext, path: string, options: CreateOptions): Promise<{ id: string }> {
    const user = this.user(ctx);
    const existing = user.mailboxes.get(path);
    if (existing && !existing.noSelect) throw new ImapHookError('ALREADYEXISTS', 'Mailbox already exists');
    const levels = path.split('/');
    for (let i = 1; i < levels.length; i++) {
      const parent = levels.slice(0, i).join('/');
      if (!user.mailboxes.has(parent)) this.makeMailbox(user, parent, null);
    }
    if (existing) existing.noSelect = false;
    const box = existing ?? this.makeMailbox(user, path, options.specialUse[0] ?? null);
    return Promise.resolve({ id: box.id });
  }

  deleteMailbox(ctx: ImapHookContext, path: string): Promise<void> {
    const user = this.user(ctx);
    const box = this.box(ctx, path);
    if (path === 'INBOX') throw new ImapHookError('CANNOT', 'INBOX cannot be deleted');
    this.remove(box, new Set(box.messages.map((m) => m.uid)));
    const hasChildren = [...user.mailboxes.keys()].some((p) => p.startsWith(`${path}/`));
    if (hasChildren) box.noSelect = true;
    else user.mailboxes.delete(path);
    this.notifyUser(user.id, null);
    return Promise.resolve();
  }

  renameMailbox(ctx: ImapHookContext, from: string, to: string): Promise<void> {
    const user = this.user(ctx);
    const box = this.box(ctx, from);
    if (user.mailboxes.has(to)) throw new ImapHookError('ALREADYEXISTS', 'Target exists');
    if (from === 'INBOX') {
      const target = this.makeMailbox(user, to, null);
      for (const m of box.messages) this.insert(target, m.raw, m.flags, m.internalDate);
      this.remove(box, new Set(box.messages.map((m) => m.uid)));
      return Promise.resolve();
    }
    for (const [path, b] of [...user.mailboxes]) {
      if (path !== from && !path.startsWith(`${from}/`)) continue;
      user.mailboxes.delete(path);
      b.path = to + path.slice(from.length);
      user.mailboxes.set(b.path, b);
      if (user.subscriptions.delete(path)) user.subscriptions.add(b.path);
    }
    const levels = to.split('/');
    for (let i = 1; i < levels.length; i++) {
      const parent = levels.slice(0, i).join('/');
      if (!user.mailboxes.has(parent)) this.makeMailbox(user, parent, null);
    }
    this.notifyUser(user.id, null);
    return Promise.resolve();
  }

  setSubscribed(ctx: ImapHookContext, path: string, subscribed: boolean): Promise<void> {
    const { subscriptions, id } = this.user(ctx);
    if (subscribed) subscriptions.add(path);
    else subscriptions.delete(path);
    this.notifyUser(id, null);
    return Promise.resolve();
  }

  async *fetch(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    needs: FetchNeeds,
  ): AsyncIterable<FetchRecord> {
    this.count('fetch');
    const box = this.boxById(ctx, mailboxId);
    const wanted = new Set(uids);
    const snapshot = box.messages.filter((m) => wanted.has(m.uid));
    for (const m of snapshot) {
      const record: FetchRecord = {
        uid: m.uid,
        modseq: m.modseq,
        flags: [...m.flags],
        internalDate: m.internalDate,
        size: m.size,
      };
      if (needs.tree) record.tree = this.parsed(m).tree;
      if (needs.objectIds) Object.assign(record, { emailId: m.emailId, threadId: null });
      record.saveDate = m.saveDate;
      if (needs.preview) record.preview = this.parsed(m).summary.preview;
      if (needs.content)
        record.openSection = (spec) => openSection(this.parsed(m).tree, spec, { crlf: true });
      yield record;
      // Yield to the event loop now and then, as a database cursor would.
      if (m.uid % 256 === 0) await new Promise((r) => setImmediate(r));
    }
  }

  search(
    ctx: ImapHookContext,
    mailboxId: string,
    query: SearchKey,
    uidsInScope: readonly number[],
  ): Promise<number[]> {
    const box = this.boxById(ctx, mailboxId);
    const scope = new Set(uidsInScope);
    return Promise.resolve(
      box.messages
        .filter(
          (m) =>
            scope.has(m.uid) &&
            matchesSearch(
              query,
              candidate(m, (x) => this.parsed(x)),
            ),
        )
        .map((m) => m.uid),
    );
  }

  sortData(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
  ): ReturnType<typeof memorySortData> {
    return memorySortData(this.boxById(ctx, mailboxId).messages, uids, (m) => this.parsed(m));
  }

  setFlags(ctx: ImapHookContext, mailboxId: string, request: SetFlagsRequest): Promise<SetFlagsResult> {
    const box = this.boxById(ctx, mailboxId);
    const wanted = new Set(request.uids);
    const updated: FlagUpdate[] = [];
    const modified: number[] = [];
    for (const m of box.messages) {
      if (!wanted.has(m.uid)) continue;
      if (request.unchangedSince !== undefined && m.modseq > request.unchangedSince) {
        modified.push(m.uid);
        continue;
      }
      const lower = new Set(request.flags.map((f) => f.toLowerCase()));
      let next: string[];
      if (request.op === 'set') next = [...request.flags];
      else if (request.op === 'add')
        next = [
          ...m.flags,
          ...request.flags.filter((f) => !m.flags.some((x) => x.toLowerCase() === f.toLowerCase())),
        ];
      else next = m.flags.filter((f) => !lower.has(f.toLowerCase()));
      const changed = next.length !== m.flags.length || next.some((f, i) => f !== m.flags[i]);
      if (changed) {
        m.flags = next;
        m.modseq = ++box.highestModseq;
      }
      updated.push({ uid: m.uid, flags: [...m.flags], modseq: m.modseq });
    }
    if (updated.length > 0) this.notify(box);
    return Promise.resolve({ updated, modified });
  }

  private transfer(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    destination: string,
  ): { src: MemMailbox; result: CopyResult } {
    const src = this.boxById(ctx, mailboxId);
    const dst = this.user(ctx).mailboxes.get(destination);
    if (!dst || dst.noSelect) throw new ImapHookError('TRYCREATE', 'Destination does not exist');
    const wanted = new Set(uids);
    const mapping: Array<[number, number]> = [];
    for (const m of src.messages.filter((x) => wanted.has(x.uid))) {
      mapping.push([m.uid, this.insert(dst, m.raw, m.flags, m.internalDate, m.emailId).uid]);
    }
    return { src, result: { uidValidity: dst.uidValidity, mapping } };
  }

  copy(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    destination: string,
  ): Promise<CopyResult> {
    return Promise.resolve(this.transfer(ctx, mailboxId, uids, destination).result);
  }

  move(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    destination: string,
  ): Promise<CopyResult> {
    const { src, result } = this.transfer(ctx, mailboxId, uids, destination);
    this.remove(src, new Set(result.mapping.map(([s]) => s)));
    return Promise.resolve(result);
  }

  expunge(ctx: ImapHookContext, mailboxId: string, uids: readonly number[] | null): Promise<number[]> {
    const box = this.boxById(ctx, mailboxId);
    const limit = uids === null ? null : new Set(uids);
    const doomed = box.messages.filter(
      (m) => m.flags.includes('\\Deleted') && (limit === null || limit.has(m.uid)),
    );
    return Promise.resolve(this.remove(box, new Set(doomed.map((m) => m.uid))));
  }

  appendCheck(ctx: ImapHookContext, request: AppendCheckRequest): Promise<{ mailboxId: string }> {
    this.count('appendCheck');
    const user = this.user(ctx);
    const box = user.mailboxes.get(request.path);
    if (!box || box.noSelect) throw new ImapHookError('TRYCREATE', 'Mailbox does not exist');
    const used = this.usage(user);
    if (used.bytes + request.size > user.storageLimit || used.messages + 1 > user.messageLimit) {
      throw new ImapHookError('OVERQUOTA', 'Quota exceeded');
    }
    return Promise.resolve({ mailboxId: box.id });
  }

  append(ctx: ImapHookContext, request: AppendRequest): Promise<AppendResult> {
    this.count('append');
    const box = this.boxById(ctx, request.mailboxId);
    const message = this.insert(box, request.content, request.flags, request.internalDate ?? new Date());
    return Promise.resolve({ uid: message.uid, uidValidity: box.uidValidity });
  }

  changesSince(ctx: ImapHookContext, mailboxId: string, modseq: number): Promise<MailboxChanges> {
    this.count('changesSince');
    const box = this.boxById(ctx, mailboxId);
    const exists: number[] = [];
    const expunged: number[] = [];
    for (const entry of box.journal) {
      if (entry.modseq <= modseq) continue;
      (entry.kind === 'exists' ? exists : expunged).push(entry.uid);
    }
    const fresh = new Set(exists);
    const flagUpdates = box.messages
      .filter((m) => m.modseq > modseq && !fresh.has(m.uid))
      .map((m) => ({ uid: m.uid, flags: [...m.flags], modseq: m.modseq }));
    const recent = this.recent.learned(ctx.sessionId, box.id, exists);
    return Promise.resolve({ highestModseq: box.highestModseq, exists, expunged, flagUpdates, recent });
  }

  expungedSince(ctx: ImapHookContext, mailboxId: string, modseq: number): Promise<number[] | null> {
    const box = this.boxById(ctx, mailboxId);
    if (modseq < box.expungeHistoryFloor) return Promise.resolve(null);
    const gone = box.journal.filter((e) => e.kind === 'expunge' && e.modseq > modseq).map((e) => e.uid);
    return Promise.resolve(gone);
  }

  /** Test hook: forget expunge history up to the mailbox's current modseq, as journal expiry would. */
  forgetExpungeHistory(username: string, path: string): void {
    const box = this.users.get(username)?.mailboxes.get(path);
    if (box) box.expungeHistoryFloor = box.highestModseq;
  }

  watch(ctx: ImapHookContext, mailboxId: string, onChange: () => void): () => void {
    const box = this.boxById(ctx, mailboxId);
    box.watchers.add(onChange);
    return () => box.watchers.delete(onChange);
  }

  watchUser(ctx: ImapHookContext, onChange: (mailboxId: string | null) => void): () => void {
    const { id } = this.user(ctx);
    const watchers = this.userWatchers.get(id) ?? new Set();
    this.userWatchers.set(id, watchers);
    watchers.add(onChange);
    return () => watchers.delete(onChange);
  }

  sessionEnded(ctx: ImapHookContext): void {
    this.recent.ended(ctx.sessionId);
  }

  private quotaOf(user: MemUser): QuotaInfo {
    const used = this.usage(user);
    return {
      root: '',
      resources: [
        { name: 'STORAGE', usage: used.bytes, limit: user.storageLimit },
        { name: 'MESSAGE', usage: used.messages, limit: user.messageLimit },
      ],
    };
  }

  getQuotaRoot(ctx: ImapHookContext, path: string): Promise<QuotaInfo[]> {
    this.box(ctx, path);
    return Promise.resolve([this.quotaOf(this.user(ctx))]);
  }

  getQuota(ctx: ImapHookContext, root: string): Promise<QuotaInfo> {
    if (root !== '') throw new ImapHookError('NONEXISTENT', 'No such quota root');
    return Promise.resolve(this.quotaOf(this.user(ctx)));
  }
}
