import {
  ImapHookError,
  matchesSearch,
  type AppendCheckRequest,
  type AppendRequest,
  type AppendResult,
  type CopyResult,
  type CreateOptions,
  type FetchNeeds,
  type FetchRecord,
  type ImapAuthRequest,
  type ImapAuthResult,
  type ImapBackend,
  type ImapHookContext,
  type MailboxChanges,
  type MailboxListEntry,
  type MailboxStatus,
  type QuotaInfo,
  type SearchKey,
  type SelectResult,
  type SetFlagsRequest,
  type SetFlagsResult,
  type SortRecord,
} from '@eider/imap-core';
import type { AuthService } from '@eider/accounts';
import {
  fitsInFewBlocks,
  isMailStoreError,
  type JournalBeaconPublisher,
  type JournalBeaconSubscriber,
  type MailboxDocument,
  type MailStore,
} from '@eider/mailstore';
import { reviveMimeTree } from '@eider/mime';
import { ObjectId } from 'mongodb';
import { readChanges, settledCursor } from './imap-changes.reader';
import { expungedSince } from './imap-expunge-history';
import { ImapMailboxRows, lightFetchRecord } from './imap-mailbox-rows';
import { answerableFromRows, searchRows } from './imap-search-rows';
import { ImapSortData } from './imap-sort-data';
import { ImapSubscriptions } from './imap-subscriptions';
import { announceMailboxListChange, watchMailbox, watchUserMailboxes } from './imap-watch';
import type { RecentClaims } from './recent-claims';
import { mapStoreErrors } from './imap-error.mapper';
import { needsRecheck, searchCandidate, searchFilter, RECHECK_FIELDS } from './imap-search.query';

// Beacons can be lost (a Redis reconnect); a slow poll makes IDLE recover from that on its own.
const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

const objectId = (hex: string): ObjectId => {
  if (!ObjectId.isValid(hex)) throw new ImapHookError('NONEXISTENT', 'No such mailbox');
  return new ObjectId(hex);
};

/** On MongoDB a flags-only FETCH of at least this many UIDs reads the cached mailbox rows. */
const ROWS_FETCH_ON_MONGODB = 20_000;

const storeOperation = { add: 'add', remove: 'remove', set: 'replace' } as const;

/**
 * The IMAP core's hooks over the mail store. It keeps no mailbox state of its own: each call reads
 * what it needs, so any process can serve any session. The one exception is a per-session memo of
 * flag changes reported from unsettled journal entries, which only keeps them from being sent twice.
 */
export class StoreImapBackend implements ImapBackend {
  private readonly reportedUnsettled = new Map<string, Map<number, number>>();
  /** Sessions that selected read-write: only they take \Recent for themselves. */
  private readonly claimingSessions = new Set<string>();
  private readonly subscriptions: ImapSubscriptions;

  constructor(
    private readonly store: MailStore,
    private readonly auth: AuthService,
    private readonly beacons: JournalBeaconSubscriber & JournalBeaconPublisher,
    private readonly recent: RecentClaims,
    private readonly limits: { maxMessageSize: number },
    private readonly sortRows = new ImapSortData(store, null, ''),
    private readonly mailboxRows = new ImapMailboxRows(store, null, ''),
  ) {
    this.subscriptions = new ImapSubscriptions(store.db);
  }

  async authenticate(request: ImapAuthRequest): Promise<ImapAuthResult> {
    const outcome = await this.auth.authenticate({
      username: request.username,
      password: request.password,
      remoteAddress: request.remoteAddress,
      protocol: 'imap',
    });
    if (!outcome.ok) return { ok: false, reason: outcome.reason };
    return { ok: true, user: { id: outcome.user._id.toHexString(), username: outcome.user.username } };
  }

  async listMailboxes(ctx: ImapHookContext): Promise<MailboxListEntry[]> {
    const user = userOf(ctx);
    const [mailboxes, subscribedNames] = await Promise.all([
      this.store.mailboxes.list(user),
      this.subscriptions.list(user),
    ]);
    const names = new Set(subscribedNames);
    const entries: MailboxListEntry[] = mailboxes.map((mailbox) => ({
      id: mailbox._id.toHexString(),
      path: mailbox.path,
      specialUse: mailbox.specialUse,
      // A name subscribed before its mailbox existed stays subscribed once it does.
      subscribed: mailbox.subscribed || names.has(mailbox.path),
    }));
    const existing = new Set(entries.map((entry) => entry.path));
    for (const path of subscribedNames) {
      if (!existing.has(path))
        entries.push({ id: '', path, specialUse: null, subscribed: true, nonExistent: true });
    }
    return entries;
  }

  status(ctx: ImapHookContext, path: string): Promise<MailboxStatus> {
    return mapStoreErrors(async () => this.statusOf(await this.mailboxByPath(ctx, path)));
  }

  select(ctx: ImapHookContext, path: string, options: { readOnly: boolean }): Promise<SelectResult> {
    return mapStoreErrors(async () => {
      const mailbox = await this.mailboxByPath(ctx, path);
      const counters = await this.store.allocator.current(mailbox._id);
      // Cursor first, UIDs second: anything that lands in between is reported again, never lost.
      const highestModseq = await settledCursor(this.store.journal, mailbox._id, counters.modseq);
      const snapshot = await this.mailboxRows.snapshot(mailbox, highestModseq);
      const { uids } = snapshot;
      const key = sessionMailboxKey(ctx, mailbox._id.toHexString());
      this.reportedUnsettled.set(key, new Map());
      if (options.readOnly) this.claimingSessions.delete(key);
      else this.claimingSessions.add(key);
      const recentUids = await this.recentAmong(mailbox._id.toHexString(), uids, options.readOnly);
      return {
        status: {
          id: mailbox._id.toHexString(),
          path: mailbox.path,
          uidValidity: counters.uidValidity,
          uidNext: counters.uidNext,
          highestModseq,
          messages: snapshot.messages,
          unseen: snapshot.unseen,
          deleted: snapshot.deleted,
          size: snapshot.size,
        },
        uids,
        recentUids,
        firstUnseenUid: snapshot.firstUnseenUid,
        flags: [...new Set([...SYSTEM_FLAGS, ...snapshot.flagsInUse])],
        specialUse: mailbox.specialUse,
      };
    });
  }

  createMailbox(ctx: ImapHookContext, path: string, options: CreateOptions): Promise<{ id: string }> {
    return mapStoreErrors(async () => {
      const user = userOf(ctx);
      const segments = path.split('/');
      // RFC 3501 CREATE: missing superiors are created too.
      for (let depth = 1; depth < segments.length; depth += 1) {
        const parent = segments.slice(0, depth).join('/');
        if (!parent) continue;
        await this.store.mailboxes.create(user, parent, { subscribed: false }).catch((error: unknown) => {
          if (!(error instanceof Error && 'code' in error && error.code === 'MAILBOX_EXISTS')) throw error;
        });
      }
      if (options.specialUse.length > 1)
        throw new ImapHookError('CANNOT', 'Only one special use per mailbox');
      // Like Dovecot, CREATE does not subscribe: clients subscribe explicitly, and LSUB must show only that.
      const created = await this.store.mailboxes.create(user, path, {
        specialUse: options.specialUse[0] ?? null,
        subscribed: false,
      });
      this.announceListChange(ctx);
      return { id: created._id.toHexString() };
    });
  }

  deleteMailbox(ctx: ImapHookContext, path: string): Promise<void> {
    return mapStoreErrors(async () => {
      const user = userOf(ctx);
      const mailbox = await this.store.mailboxes.getByPath(user, path);
      await this.store.mailboxes.delete(user, path, { allowSpecialUse: true });
      // A subscription is to a name and outlives the mailbox (RFC 3501 DELETE, RFC 5258 \NonExistent).
      if (mailbox.subscribed) await this.subscriptions.add(user, mailbox.path);
      this.announceListChange(ctx);
    });
  }

  renameMailbox(ctx: ImapHookContext, from: string, to: string): Promise<void> {
    return mapStoreErrors(async () => {
      const user = userOf(ctx);
      if (from.toUpperCase() !== 'INBOX') {
        await this.store.mailboxes.rename(user, from, to);
        this.announceListChange(ctx);
        return;
      }
      // RFC 3501: renaming INBOX moves its messages to the new name and leaves INBOX in place, empty.
      const inbox = await this.store.mailboxes.getByPath(user, 'INBOX');
      const target = await this.store.mailboxes.create(user, to);
      const uids = Uint32Array.from(await this.store.messages.listUids(inbox._id));
      if (uids.length > 0) await this.store.messages.move(inbox, [...uids], target);
      this.announceListChange(ctx);
    });
  }

  setSubscribed(ctx: ImapHookContext, path: string, subscribed: boolean): Promise<void> {
    return mapStoreErrors(async () => {
      const user = userOf(ctx);
      const hadNameOnly = subscribed ? false : await this.subscriptions.remove(user, path);
      try {
        await this.store.mailboxes.setSubscribed(user, path, subscribed);
      } catch (error) {
        if (!isMailStoreError(error, 'MAILBOX_NOT_FOUND')) throw error;
        // RFC 3501: any name may be subscribed, whether or not a mailbox of that name exists.
        if (subscribed) await this.subscriptions.add(user, path);
        else if (!hadNameOnly) throw error;
      }
      this.announceListChange(ctx);
    });
  }

  private announceListChange(ctx: ImapHookContext): void {
    announceMailboxListChange(this.beacons, ctx.user.id);
  }

  async *fetch(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    needs: FetchNeeds,
  ): AsyncIterable<FetchRecord> {
    const mailbox = await this.mailboxById(ctx, mailboxId);
    const heavy = needs.tree || needs.content;
    if (!heavy && !needs.objectIds && !needs.preview && this.readsMostOfMailbox(uids)) {
      yield* await this.mailboxRows.fetchRecords(mailbox, uids, needs.changedSince);
      return;
    }
    const wanted =
      needs.changedSince === undefined || !heavy
        ? uids
        : await this.changedAmong(mailbox, uids, needs.changedSince);
    for await (const message of this.store.queries.stream(mailbox._id, wanted, heavy, needs.preview)) {
      const record: FetchRecord = {
        ...lightFetchRecord(message),
        emailId: message.emailId,
        threadId: message.thread ? `T${message.thread.toHexString()}` : null,
        ...(needs.preview ? { preview: message.preview ?? null } : {}),
      };
      if (message.tree) {
        const tree = reviveMimeTree(message.tree);
        record.tree = tree;
        record.openSection = (spec) => this.store.messages.section(tree, spec, true);
      }
      yield record;
    }
  }

  /**
   * Whether a flags-only FETCH is cheaper from the cached mailbox rows than from the store: on FerretDB
   * any read past a few UID blocks decodes the whole mailbox anyway; MongoDB reads by index, so only a
   * whole-mailbox sync of a large mailbox gains.
   */
  private readsMostOfMailbox(uids: readonly number[]): boolean {
    if (this.store.capabilities.backend === 'mongodb') return uids.length >= ROWS_FETCH_ON_MONGODB;
    return !fitsInFewBlocks(uids);
  }

  search(
    ctx: ImapHookContext,
    mailboxId: string,
    query: SearchKey,
    uidsInScope: readonly number[],
  ): Promise<number[]> {
    return mapStoreErrors(async () => {
      const mailbox = await this.mailboxById(ctx, mailboxId);
      // MongoDB answers these from its indexes; FerretDB would decode every candidate message.
      if (this.store.capabilities.backend !== 'mongodb' && answerableFromRows(query)) {
        return searchRows(await this.mailboxRows.rows(mailbox, 0), query, new Set(uidsInScope));
      }
      const options = { elemMatch: this.store.capabilities.backend === 'mongodb' };
      const recheck = needsRecheck(query, options);
      const filter = searchFilter(query, options);
      const scope = new Set(uidsInScope);
      const uids = recheck
        ? (await this.store.queries.find(mailbox, filter, RECHECK_FIELDS))
            .filter((match) => scope.has(match.uid) && matchesSearch(query, searchCandidate(match)))
            .map((match) => match.uid)
        : (await this.store.queries.find(mailbox, filter, ['uid']))
            .map((match) => match.uid)
            .filter((uid) => scope.has(uid));
      return uids.sort((a, b) => a - b);
    });
  }

  sortData(ctx: ImapHookContext, mailboxId: string, uids: readonly number[]): Promise<SortRecord[]> {
    return mapStoreErrors(async () => this.sortRows.records(await this.mailboxById(ctx, mailboxId), uids));
  }

  setFlags(ctx: ImapHookContext, mailboxId: string, request: SetFlagsRequest): Promise<SetFlagsResult> {
    return mapStoreErrors(async () => {
      const mailbox = await this.mailboxById(ctx, mailboxId);
      const result = await this.store.messages.setFlags(
        mailbox,
        [...request.uids],
        storeOperation[request.op],
        [...request.flags],
        request.unchangedSince,
      );
      // The core reports every existing message's flags, changed or not, for a non-silent STORE.
      const changed = new Map(result.changed.map((change) => [change.uid, change]));
      const updated = [];
      for await (const message of this.store.queries.stream(mailbox._id, request.uids, false)) {
        updated.push(
          changed.get(message.uid) ?? { uid: message.uid, flags: message.flags, modseq: message.modseq },
        );
      }
      return { updated, modified: result.modified };
    });
  }

  copy(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    destination: string,
  ): Promise<CopyResult> {
    return this.transfer(ctx, mailboxId, uids, destination, 'copy');
  }

  move(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    destination: string,
  ): Promise<CopyResult> {
    return this.transfer(ctx, mailboxId, uids, destination, 'move');
  }

  expunge(ctx: ImapHookContext, mailboxId: string, uids: readonly number[] | null): Promise<number[]> {
    return mapStoreErrors(async () => {
      const mailbox = await this.mailboxById(ctx, mailboxId);
      return this.store.messages.expunge(mailbox, uids ? [...uids] : undefined);
    });
  }

  appendCheck(ctx: ImapHookContext, request: AppendCheckRequest): Promise<{ mailboxId: string }> {
    return mapStoreErrors(async () => {
      if (request.size > this.limits.maxMessageSize) throw new ImapHookError('TOOBIG', 'Message too large');
      const mailbox = await this.mailboxByPath(ctx, request.path);
      await this.store.quota.assertCanStore(mailbox.user, request.size);
      return { mailboxId: mailbox._id.toHexString() };
    }, 'TRYCREATE');
  }

  append(ctx: ImapHookContext, request: AppendRequest): Promise<AppendResult> {
    return mapStoreErrors(async () => {
      const mailbox = await this.mailboxById(ctx, request.mailboxId);
      const message = await this.store.ingest.add(mailbox, request.content, {
        flags: [...request.flags],
        ...(request.internalDate ? { idate: request.internalDate } : {}),
      });
      return { uid: message.uid, uidValidity: mailbox.uidValidity };
    }, 'TRYCREATE');
  }

  changesSince(ctx: ImapHookContext, mailboxId: string, modseq: number): Promise<MailboxChanges> {
    return mapStoreErrors(async () => {
      const key = sessionMailboxKey(ctx, mailboxId);
      const page = await readChanges(
        this.store.journal,
        objectId(mailboxId),
        modseq,
        this.reportedUnsettled.get(key) ?? new Map(),
      );
      this.reportedUnsettled.set(key, page.unsettledFlags);
      const recent = await this.recentAmong(mailboxId, page.exists, !this.claimingSessions.has(key));
      return { ...page, recent };
    });
  }

  expungedSince(ctx: ImapHookContext, mailboxId: string, modseq: number): Promise<number[] | null> {
    return mapStoreErrors(async () => {
      const mailbox = await this.mailboxById(ctx, mailboxId);
      return expungedSince(this.store.journal, mailbox._id, modseq);
    });
  }

  watch(ctx: ImapHookContext, mailboxId: string, onChange: () => void): () => void {
    return watchMailbox(this.beacons, ctx.user.id, mailboxId, onChange);
  }

  watchUser(ctx: ImapHookContext, onChange: (mailboxId: string | null) => void): () => void {
    return watchUserMailboxes(this.beacons, ctx.user.id, onChange);
  }

  async getQuotaRoot(ctx: ImapHookContext): Promise<QuotaInfo[]> {
    const info = await this.quotaInfo(ctx);
    return info ? [info] : [];
  }

  async getQuota(ctx: ImapHookContext, root: string): Promise<QuotaInfo> {
    const info = await this.quotaInfo(ctx);
    if (!info || root !== info.root) throw new ImapHookError('NONEXISTENT', 'No such quota root');
    return info;
  }

  sessionEnded(ctx: ImapHookContext): void {
    for (const key of this.reportedUnsettled.keys()) {
      if (key.startsWith(`${ctx.sessionId}:`)) this.reportedUnsettled.delete(key);
    }
    for (const key of this.claimingSessions) {
      if (key.startsWith(`${ctx.sessionId}:`)) this.claimingSessions.delete(key);
    }
  }

  /** Which of `uids` are \Recent for this session: claimed now, or (read-only) merely unclaimed. */
  private async recentAmong(
    mailboxId: string,
    uids: ArrayLike<number>,
    readOnly: boolean,
  ): Promise<number[]> {
    if (uids.length === 0) return [];
    let highest = 0;
    for (let index = 0; index < uids.length; index += 1) highest = Math.max(highest, uids[index] ?? 0);
    const claimedBefore = readOnly
      ? await this.recent.peek(mailboxId)
      : await this.recent.claim(mailboxId, highest);
    const recent: number[] = [];
    for (let index = 0; index < uids.length; index += 1) {
      const uid = uids[index] ?? 0;
      if (uid > claimedBefore) recent.push(uid);
    }
    return recent;
  }

  private async quotaInfo(ctx: ImapHookContext): Promise<QuotaInfo | null> {
    const usage = await this.store.quota.usage(userOf(ctx));
    if (usage.limit === 0) return null;
    return { root: '', resources: [{ name: 'STORAGE', usage: usage.used, limit: usage.limit }] };
  }

  private transfer(
    ctx: ImapHookContext,
    mailboxId: string,
    uids: readonly number[],
    destination: string,
    mode: 'copy' | 'move',
  ): Promise<CopyResult> {
    return mapStoreErrors(async () => {
      const source = await this.mailboxById(ctx, mailboxId);
      let target: MailboxDocument;
      try {
        target = await this.mailboxByPath(ctx, destination);
      } catch {
        throw new ImapHookError('TRYCREATE', 'Destination mailbox does not exist');
      }
      const result = await this.store.messages[mode](source, [...uids], target);
      return {
        uidValidity: result.uidValidity,
        mapping: result.mappings.map((pair): [number, number] => [pair.sourceUid, pair.targetUid]),
      };
    });
  }

  private async statusOf(mailbox: MailboxDocument): Promise<MailboxStatus> {
    const counters = await this.store.allocator.current(mailbox._id);
    const claimed = await this.recent.peek(mailbox._id.toHexString());
    // Counts come from the cache or FerretDB's writer-kept tallies, so STATUS never scans the mailbox.
    const counts = await this.store.queries.counts(mailbox._id);
    // Nothing above the last claimed UID means nothing is recent, which spares FerretDB a scan.
    const recent =
      claimed >= counters.uidNext - 1 ? 0 : await this.store.queries.countAboveUid(mailbox._id, claimed);
    return {
      id: mailbox._id.toHexString(),
      path: mailbox.path,
      uidValidity: counters.uidValidity,
      uidNext: counters.uidNext,
      highestModseq: counters.modseq,
      messages: counts.messages,
      unseen: counts.unseen,
      deleted: counts.deleted,
      size: counts.size,
      recent,
    };
  }

  /** CHANGEDSINCE with trees or bodies: find the changed UIDs on the slim documents first. */
  private async changedAmong(
    mailbox: MailboxDocument,
    uids: readonly number[],
    since: number,
  ): Promise<number[]> {
    const changed: number[] = [];
    for await (const message of this.store.queries.stream(mailbox._id, uids, false))
      if (message.modseq > since) changed.push(message.uid);
    return changed;
  }

  private mailboxByPath(ctx: ImapHookContext, path: string): Promise<MailboxDocument> {
    return this.store.mailboxes.getByPath(userOf(ctx), path);
  }

  private mailboxById(ctx: ImapHookContext, id: string): Promise<MailboxDocument> {
    return mapStoreErrors(() => this.store.mailboxes.getById(userOf(ctx), objectId(id)));
  }
}

const userOf = (ctx: ImapHookContext): ObjectId => new ObjectId(ctx.user.id);
const sessionMailboxKey = (ctx: ImapHookContext, mailboxId: string): string =>
  `${ctx.sessionId}:${mailboxId}`;
