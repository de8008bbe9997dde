import {
  isMailStoreError,
  summariseSnapshot,
  type MailboxDocument,
  type MailboxSnapshot,
  type MailStore,
  type SnapshotRow,
} from '@eider/mailstore';
import type { FetchRecord } from '@eider/imap-core';
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { readChanges } from './imap-changes.reader';

// A snapshot nobody selected for a day gives its memory back; every SELECT pushes this further out.
const TTL_SECONDS = 24 * 3600;
/**
 * A message stored by a writer that died before its journal entry never reaches a replayed snapshot, so
 * a snapshot is rebuilt from the store once it is this old, however often it is used.
 */
const MAX_AGE_MS = 6 * 3600 * 1000;
const WRITE_CHUNK = 5000;
/** Hash fields that are not UIDs: the journal position the rows stand at, and when they were built. */
const CURSOR = '~c';
const BUILT = '~b';

// A delta was computed against the rows at cursor ARGV[1]; if another process moved the cursor since,
// its own delta already covers this one, so this one is dropped rather than mixed in.
const APPLY = `if redis.call('hget', KEYS[1], '${CURSOR}') ~= ARGV[1] then return 0 end
redis.call('hset', KEYS[1], '${CURSOR}', ARGV[2])
local gone = tonumber(ARGV[4])
for i = 5, 4 + gone do redis.call('hdel', KEYS[1], ARGV[i]) end
for i = 5 + gone, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('expire', KEYS[1], ARGV[3])
return 1`;
// A rebuild is written aside and swapped in whole, so a reader never sees half of one.
const PUBLISH = `redis.call('rename', KEYS[2], KEYS[1])
redis.call('expire', KEYS[1], ARGV[1])
return 1`;

const NO_DATE = '-';

/** The FETCH fields every message has, from a snapshot row or a streamed message. */
export const lightFetchRecord = (
  source: Pick<SnapshotRow, 'uid' | 'modseq' | 'flags' | 'idate' | 'sizeCrlf' | 'created'>,
): FetchRecord => ({
  uid: source.uid,
  modseq: source.modseq,
  flags: source.flags,
  internalDate: source.idate,
  size: source.sizeCrlf,
  saveDate: source.created ?? null,
});

const packRow = (row: SnapshotRow): string =>
  [
    row.sizeCrlf,
    row.modseq,
    row.idate.getTime(),
    row.created ? row.created.getTime() : NO_DATE,
    ...row.flags,
  ].join(' ');

const unpackRow = (uid: number, text: string): SnapshotRow | null => {
  const [size, modseq, idate, created, ...flags] = text.split(' ');
  const numbers = [uid, Number(size), Number(modseq), Number(idate)];
  if (!numbers.every(Number.isSafeInteger) || created === undefined) return null;
  const createdMs = Number(created);
  return {
    uid,
    flags,
    sizeCrlf: Number(size),
    modseq: Number(modseq),
    idate: new Date(Number(idate)),
    created: created === NO_DATE || !Number.isSafeInteger(createdMs) ? null : new Date(createdMs),
  };
};

/**
 * Every message's UID, CRLF size, modseq, dates and flags, cached per mailbox in one Redis hash
 * (`<prefix>snap:{<mailbox>}:<uidValidity>`, field = UID) at a settled journal position. Each use replays
 * the journal from there (arrivals read from the store by UID, expunges and flag changes from the
 * entries), so SELECT and a flags-only FETCH of a whole mailbox read the changes since the last use
 * instead of every message. Redis is only a cache: without it, or when it fails, the store answers.
 */
export class ImapMailboxRows {
  constructor(
    private readonly store: MailStore,
    private readonly redis: Redis | null,
    private readonly keyPrefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  key(mailbox: MailboxDocument): string {
    return `${this.keyPrefix}snap:{${mailbox._id.toHexString()}}:${mailbox.uidValidity}`;
  }

  /**
   * SELECT's view of the mailbox as of at least `settledModseq`, a settled journal position taken before
   * this call: changes after it may show here too, and the session hears of them again from there.
   */
  async snapshot(mailbox: MailboxDocument, settledModseq: number): Promise<MailboxSnapshot> {
    return summariseSnapshot(await this.rows(mailbox, settledModseq));
  }

  /** Every message's row in UID order, covering at least the journal up to `settledModseq`. */
  async rows(mailbox: MailboxDocument, settledModseq: number): Promise<SnapshotRow[]> {
    const redis = this.redis;
    if (!redis) return this.fromStore(mailbox);
    const cached = await this.replayed(redis, mailbox, settledModseq).catch((error: unknown) => {
      if (isMailStoreError(error) && !isMailStoreError(error, 'JOURNAL_EXPIRED')) throw error;
      return null;
    });
    if (cached) return cached;
    const rows = await this.fromStore(mailbox);
    await this.publish(redis, mailbox, settledModseq, rows).catch(() => undefined);
    return rows;
  }

  /**
   * Flags-only FETCH records for `uids`, in UID order, from the rows. A UID the session knows that the
   * rows lack (its journal entry has not landed yet) is read from the store.
   */
  async fetchRecords(
    mailbox: MailboxDocument,
    uids: readonly number[],
    changedSince: number | undefined,
  ): Promise<FetchRecord[]> {
    const rows = new Map((await this.rows(mailbox, 0)).map((row) => [row.uid, row]));
    const changed = (modseq: number): boolean => changedSince === undefined || modseq > changedSince;
    const records: FetchRecord[] = [];
    const missing: number[] = [];
    for (const uid of uids) {
      const row = rows.get(uid);
      if (!row) missing.push(uid);
      else if (changed(row.modseq)) records.push(lightFetchRecord(row));
    }
    if (missing.length === 0) return records;
    for await (const message of this.store.queries.stream(mailbox._id, missing, false)) {
      if (changed(message.modseq)) records.push(lightFetchRecord(message));
    }
    return records.sort((a, b) => a.uid - b.uid);
  }

  private async fromStore(mailbox: MailboxDocument): Promise<SnapshotRow[]> {
    const rows: SnapshotRow[] = [];
    for await (const row of this.store.queries.snapshotRows(mailbox._id)) rows.push(row);
    return rows;
  }

  /** The cached rows brought up to date, or null when there are none usable. */
  private async replayed(
    redis: Redis,
    mailbox: MailboxDocument,
    settledModseq: number,
  ): Promise<SnapshotRow[] | null> {
    const key = this.key(mailbox);
    const stored = await redis.hgetall(key);
    const cursorText = stored[CURSOR];
    const built = Number(stored[BUILT]);
    if (cursorText === undefined || !(this.now() - built < MAX_AGE_MS)) return null;
    const rows = new Map<number, SnapshotRow>();
    for (const [field, text] of Object.entries(stored)) {
      const row = field.startsWith('~') ? null : unpackRow(Number(field), text);
      if (row) rows.set(row.uid, row);
    }
    const page = await readChanges(this.store.journal, mailbox._id, Number(cursorText), new Map());
    // A replay cut short (a huge backlog) cannot vouch for everything up to the caller's position.
    if (page.truncated || page.highestModseq < settledModseq) return null;
    const gone = new Set(page.expunged);
    for (const uid of gone) rows.delete(uid);
    const changed = new Set<number>();
    for (const update of page.flagUpdates) {
      const row = rows.get(update.uid);
      // A row read from the store after this change already holds it or a newer one.
      if (!row || row.modseq > update.modseq) continue;
      row.flags = [...update.flags];
      row.modseq = update.modseq;
      changed.add(update.uid);
    }
    const arrivals = page.exists.filter((uid) => !rows.has(uid) && !gone.has(uid)).sort((a, b) => a - b);
    // A message deleted before its expunge entry landed is simply not found, and stays out.
    for await (const message of this.store.queries.stream(mailbox._id, arrivals, false)) {
      const { uid, flags, sizeCrlf, modseq, idate, created } = message;
      rows.set(uid, { uid, flags, sizeCrlf, modseq, idate, created: created ?? null });
      changed.add(message.uid);
    }
    const delta = [String(gone.size), ...[...gone].map(String)];
    for (const uid of changed) {
      const row = rows.get(uid);
      if (row) delta.push(String(uid), packRow(row));
    }
    await redis.eval(APPLY, 1, key, cursorText, String(page.highestModseq), String(TTL_SECONDS), ...delta);
    return [...rows.values()].sort((a, b) => a.uid - b.uid);
  }

  private async publish(
    redis: Redis,
    mailbox: MailboxDocument,
    cursor: number,
    rows: readonly SnapshotRow[],
  ): Promise<void> {
    const key = this.key(mailbox);
    const staging = `${key}:build:${randomBytes(6).toString('hex')}`;
    try {
      await redis.hset(staging, CURSOR, String(cursor), BUILT, String(this.now()));
      await redis.expire(staging, 600);
      for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
        const fields: string[] = [];
        for (const row of rows.slice(i, i + WRITE_CHUNK)) fields.push(String(row.uid), packRow(row));
        await redis.hset(staging, ...fields);
      }
      await redis.eval(PUBLISH, 2, key, staging, String(TTL_SECONDS));
    } finally {
      await redis.del(staging).catch(() => undefined);
    }
  }
}
