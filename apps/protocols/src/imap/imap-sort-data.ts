import type { SortRecord } from '@eider/imap-core';
import { isMailStoreError, type MailboxDocument, type MailStore } from '@eider/mailstore';
import type Redis from 'ioredis';
import { readChanges, settledCursor } from './imap-changes.reader';
import { packRow, SORT_FIELDS, type SortSource, sortRecordFrom, unpackRow } from './sort-rows';

// A mailbox nobody sorted for a week gives its memory back; every use pushes this further out.
const TTL_SECONDS = 7 * 24 * 3600;
const STORE_CHUNK = 1000;
const STORE_PARALLEL = 4;
const REDIS_CHUNK = 2000;
/** The hash field holding the journal position up to which expunges have been applied. */
const CURSOR = '~c';

// Expunged rows go and the cursor only moves forward, in one step, so a writer checking the cursor
// (WRITE below) can never slip a stale row in between.
const SYNC = `for i = 2, #ARGV do redis.call('hdel', KEYS[1], ARGV[i]) end
local cur = tonumber(redis.call('hget', KEYS[1], '${CURSOR}') or '0')
if tonumber(ARGV[1]) > cur then redis.call('hset', KEYS[1], '${CURSOR}', ARGV[1]) end
return 1`;
// Rows read after journal position ARGV[1] may only land while the hash's cursor is not past it:
// otherwise an expunge between the two positions would never be replayed against them.
const WRITE = `local cur = redis.call('hget', KEYS[1], '${CURSOR}')
if cur and tonumber(cur) > tonumber(ARGV[1]) then return 0 end
if not cur then redis.call('hset', KEYS[1], '${CURSOR}', ARGV[1]) end
for i = 3, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('expire', KEYS[1], ARGV[2])
return 1`;

/**
 * SORT/THREAD data for the store backend. A message's sort fields never change while its UID exists,
 * so compact rows are cached per mailbox in one Redis hash (`<prefix>sort:<mailbox>:<uidValidity>`,
 * field = UID). Expunges are replayed from the journal, so a cached row never outlives its message;
 * rows not cached are read from the store (light fields only) and written back. Redis is only a
 * cache: when it fails, everything comes from the store.
 */
export class ImapSortData {
  constructor(
    private readonly store: MailStore,
    private readonly redis: Redis | null,
    private readonly keyPrefix: string,
  ) {}

  key(mailbox: MailboxDocument): string {
    return `${this.keyPrefix}sort:${mailbox._id.toHexString()}:${mailbox.uidValidity}`;
  }

  async records(mailbox: MailboxDocument, uids: readonly number[]): Promise<SortRecord[]> {
    if (uids.length === 0) return [];
    const cached = this.redis ? await this.fromCache(this.redis, mailbox, uids).catch(() => null) : null;
    if (!cached) return (await this.fromStore(mailbox, uids)).map(sortRecordFrom);
    const { found, expunged, cursor } = cached;
    const missing = uids.filter((uid) => !found.has(uid) && !expunged.has(uid));
    const out = [...found.values()].filter((r) => !expunged.has(r.uid));
    if (missing.length === 0) return out;
    const fresh = (await this.fromStore(mailbox, missing)).map(sortRecordFrom);
    if (this.redis) await this.writeBack(this.redis, mailbox, cursor, fresh).catch(() => undefined);
    return out.concat(fresh);
  }

  /** Cached rows for `uids` after replaying expunges; `cursor` is where rows read from now on stand. */
  private async fromCache(
    redis: Redis,
    mailbox: MailboxDocument,
    uids: readonly number[],
  ): Promise<{ found: Map<number, SortRecord>; expunged: Set<number>; cursor: number }> {
    const key = this.key(mailbox);
    const stored = await redis.hget(key, CURSOR);
    let cursor = stored === null ? null : Number(stored);
    const expunged = new Set<number>();
    if (cursor !== null && Number.isSafeInteger(cursor)) {
      try {
        const page = await readChanges(this.store.journal, mailbox._id, cursor, new Map());
        for (const uid of page.expunged) expunged.add(uid);
        await redis.eval(SYNC, 1, key, String(page.highestModseq), ...page.expunged.map(String));
        cursor = page.highestModseq;
      } catch (error) {
        if (!isMailStoreError(error, 'JOURNAL_EXPIRED')) throw error;
        // Too far behind to know what went: start over.
        await redis.del(key);
        cursor = null;
      }
    } else cursor = null;
    if (cursor === null) {
      // Taken before any row is read, so every expunge after it is replayed next time.
      const counters = await this.store.allocator.current(mailbox._id);
      const start = await settledCursor(this.store.journal, mailbox._id, counters.modseq);
      return { found: new Map(), expunged, cursor: start };
    }
    await redis.expire(key, TTL_SECONDS);
    return { found: await this.readRows(redis, key, uids), expunged, cursor };
  }

  private async readRows(
    redis: Redis,
    key: string,
    uids: readonly number[],
  ): Promise<Map<number, SortRecord>> {
    const found = new Map<number, SortRecord>();
    const take = (uid: number, text: string | null | undefined): void => {
      if (text === null || text === undefined) return;
      const record = unpackRow(uid, text);
      if (record) found.set(uid, record);
    };
    // Most of a mailbox wanted (SORT ... ALL): one HGETALL beats many HMGETs.
    const size = uids.length > REDIS_CHUNK ? await redis.hlen(key) : Infinity;
    if (uids.length * 2 >= size) {
      const wanted = new Set(uids);
      for (const [field, text] of Object.entries(await redis.hgetall(key))) {
        const uid = Number(field);
        if (wanted.has(uid)) take(uid, text);
      }
      return found;
    }
    for (let i = 0; i < uids.length; i += REDIS_CHUNK) {
      const chunk = uids.slice(i, i + REDIS_CHUNK);
      const texts = await redis.hmget(key, ...chunk.map(String));
      chunk.forEach((uid, j) => take(uid, texts[j]));
    }
    return found;
  }

  private async writeBack(
    redis: Redis,
    mailbox: MailboxDocument,
    cursor: number,
    rows: SortRecord[],
  ): Promise<void> {
    const key = this.key(mailbox);
    for (let i = 0; i < rows.length; i += REDIS_CHUNK) {
      const args: string[] = [String(cursor), String(TTL_SECONDS)];
      for (const row of rows.slice(i, i + REDIS_CHUNK)) args.push(String(row.uid), packRow(row));
      const written = await redis.eval(WRITE, 1, key, ...args);
      if (written === 0) return;
    }
  }

  /**
   * The light fields of the listed messages: a few `$in` lists for a few UIDs, one pass over their UID
   * range for many (FerretDB decodes the whole mailbox for every `$in` list, so many lists cost many passes).
   */
  private async fromStore(mailbox: MailboxDocument, uids: readonly number[]): Promise<SortSource[]> {
    const sorted = [...uids].sort((a, b) => a - b);
    if (sorted.length > STORE_CHUNK * STORE_PARALLEL) {
      const wanted = new Set(sorted);
      const range = { uid: { $gte: sorted[0] ?? 0, $lte: sorted[sorted.length - 1] ?? 0 } };
      const rows = await this.store.queries.find(mailbox, range, SORT_FIELDS);
      return rows.filter((row) => wanted.has(row.uid));
    }
    const chunks: number[][] = [];
    for (let i = 0; i < sorted.length; i += STORE_CHUNK) chunks.push(sorted.slice(i, i + STORE_CHUNK));
    const found = await Promise.all(
      chunks.map((chunk) => this.store.queries.find(mailbox, { uid: { $in: chunk } }, SORT_FIELDS)),
    );
    return found.flat();
  }
}
