import type { ObjectId } from 'mongodb';
import { isMailStoreError } from '../errors/mail-store.error';
import type { MailboxCounts } from './message-query.service';

/** The few Redis commands the cache needs; the module adapts ioredis to it, tests may leave it out. */
export interface CountsCacheClient {
  mget(keys: string[]): Promise<(string | null)[]>;
  setex(key: string, ttlSeconds: number, value: string): Promise<unknown>;
  /** INCR with an expiry. */
  bump(key: string, ttlSeconds: number): Promise<unknown>;
}

/** Live mailbox counters; the modseq allocator is one. */
export interface CounterReader {
  current(mailbox: ObjectId): Promise<{ uidNext: number; modseq: number }>;
}

export interface CountsCacheOptions {
  keyPrefix: string;
  ttlSeconds?: number;
}

const DEFAULT_TTL_SECONDS = 3600;

const isCounts = (value: unknown): value is MailboxCounts => {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['messages', 'unseen', 'deleted', 'size'].every((key) => typeof record[key] === 'number');
};

const parse = (raw: string | null): MailboxCounts | null => {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return isCounts(value) ? value : null;
  } catch {
    return null;
  }
};

/**
 * Mailbox counts cached in Redis under the mailbox's modseq, which every add, flag change, copy, move and
 * expunge advances. A modseq is allocated before its write lands, so a count taken in between would be
 * cached as current; the per-mailbox epoch, bumped once writes have landed (`settled`), retires such an
 * entry. Redis never holds the only copy: a miss or a Redis failure recomputes from the store.
 */
export class MailboxCountsCache {
  private readonly ttl: number;

  constructor(
    private readonly client: CountsCacheClient | undefined,
    private readonly counters: CounterReader,
    private readonly options: CountsCacheOptions,
  ) {
    this.ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  }

  async counts(
    mailboxes: readonly ObjectId[],
    compute: (missing: ObjectId[]) => Promise<Map<string, MailboxCounts>>,
  ): Promise<Map<string, MailboxCounts>> {
    const client = this.client;
    if (!client || mailboxes.length === 0) return compute([...mailboxes]);
    const keys = await this.keysOf(client, mailboxes);
    if (!keys) return compute([...mailboxes]);
    const cached = await client.mget(keys.map((key) => key ?? '')).catch(() => null);
    const result = new Map<string, MailboxCounts>();
    const missing: ObjectId[] = [];
    mailboxes.forEach((mailbox, index) => {
      const hit = keys[index] ? parse(cached?.[index] ?? null) : null;
      if (hit) result.set(mailbox.toHexString(), hit);
      else missing.push(mailbox);
    });
    if (missing.length === 0) return result;
    const computed = await compute(missing);
    const writes: Promise<unknown>[] = [];
    mailboxes.forEach((mailbox, index) => {
      const key = keys[index];
      const counts = computed.get(mailbox.toHexString());
      if (!key || !counts) return;
      result.set(mailbox.toHexString(), counts);
      writes.push(client.setex(key, this.ttl, JSON.stringify(counts)).catch(() => undefined));
    });
    await Promise.all(writes);
    return result;
  }

  /** The writes of the latest modseqs of these mailboxes have landed: counts taken before are retired. */
  async settled(mailboxes: readonly ObjectId[]): Promise<void> {
    const client = this.client;
    if (!client) return;
    const unique = new Set(mailboxes.map((mailbox) => mailbox.toHexString()));
    // Outlives every entry written under the old epoch, so an expired epoch can never revive one.
    await Promise.all(
      [...unique].map((hex) => client.bump(this.epochKey(hex), this.ttl * 2).catch(() => undefined)),
    );
  }

  /** Per mailbox its cache key, or null when it has no counters (it does not exist); null if Redis fails. */
  private async keysOf(
    client: CountsCacheClient,
    mailboxes: readonly ObjectId[],
  ): Promise<(string | null)[] | null> {
    // The epoch is read before the modseq: an entry is then never newer than the writes it has seen.
    const epochs = await client
      .mget(mailboxes.map((mailbox) => this.epochKey(mailbox.toHexString())))
      .catch(() => null);
    if (!epochs) return null;
    const modseqs = await Promise.all(
      mailboxes.map((mailbox) =>
        this.counters.current(mailbox).then(
          (counters) => counters.modseq,
          (error: unknown) => {
            if (isMailStoreError(error, 'MAILBOX_NOT_FOUND')) return null;
            throw error;
          },
        ),
      ),
    );
    return mailboxes.map((mailbox, index) => {
      const modseq = modseqs[index];
      if (modseq === null || modseq === undefined) return null;
      return `${this.options.keyPrefix}counts:${mailbox.toHexString()}:${modseq}:${epochs[index] ?? '0'}`;
    });
  }

  private epochKey(hex: string): string {
    return `${this.options.keyPrefix}counts-epoch:${hex}`;
  }
}
