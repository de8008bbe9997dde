import type Redis from 'ioredis';
import type { Db, MongoClient } from 'mongodb';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { createRedisClient } from '@eider/redis';
import { connectTestDatabase, testConfig } from '@eider/testing';
import { MailStore } from '../mail-store.factory';
import { countsCacheOn } from '../mail-store.module';
import type { MailboxDocument } from '../model/documents';
import { MailboxCountsCache } from './mailbox-counts.cache';
import type { StoredMessageDocument } from './message-body.document';

const raw = (index: number): Buffer =>
  Buffer.from(
    `Subject: counted ${index}\r\nFrom: a@example.com\r\nTo: b@example.com\r\n\r\nbody ${index}\r\n`,
  );

describe('mailbox counts cache (real store and Redis)', () => {
  let client: MongoClient;
  let db: Db;
  let redis: Redis;
  let store: MailStore;
  let inbox: MailboxDocument;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    await ensureIndexes(db);
    const config = testConfig();
    redis = createRedisClient({ url: config.redis.url, connectionName: 'counts-cache-test' });
    store = new MailStore(db, await detectStoreCapabilities(db), {
      maxMessageSize: 1024 * 1024,
      journalRetentionSeconds: 3600,
      countsCache: countsCacheOn(redis),
      cacheKeyPrefix: `${config.redis.keyPrefix}counts-test:${run}:`,
      // These tests count behind the cache's back; tallies would answer for the store instead.
      tallies: false,
    });
    const user = await store.users.create({ username: `counts-${run}`, quota: 0 });
    inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    for (let index = 1; index <= 3; index++) await store.ingest.add(inbox, raw(index));
  });

  afterAll(async () => {
    await redis.quit();
    await client.close();
  });

  // Writes behind the store's back move no modseq: what they change shows whether counts came from Redis.
  const markAllSeenBehindTheStore = () =>
    db
      .collection<StoredMessageDocument>('messages')
      .updateMany({ mailbox: inbox._id }, { $set: { unseen: false } });

  it('serves unchanged mailboxes from the cache and recounts after a flag change', async () => {
    expect(await store.queries.counts(inbox._id)).toMatchObject({ messages: 3, unseen: 3 });
    await markAllSeenBehindTheStore();
    expect(await store.queries.counts(inbox._id)).toMatchObject({ messages: 3, unseen: 3 });
    const listed = await store.listing.listMailbox(inbox._id, { unseen: true }, { limit: 1, order: 'desc' });
    expect(listed.total).toBe(3);

    await store.messages.setFlags(inbox, [1], 'add', ['\\Flagged']);
    // The flag change rewrites message 1 from its flags (no \Seen), so it alone is unseen now.
    expect(await store.queries.counts(inbox._id)).toMatchObject({ messages: 3, unseen: 1 });
    const many = await store.queries.countsMany([inbox._id]);
    expect(many.get(inbox._id.toHexString())).toMatchObject({ messages: 3, unseen: 1 });
  });

  it('recounts after a new message', async () => {
    expect((await store.queries.counts(inbox._id)).messages).toBe(3);
    await store.ingest.add(inbox, raw(4));
    expect(await store.queries.counts(inbox._id)).toMatchObject({ messages: 4, unseen: 2 });
    expect((await store.listing.listMailbox(inbox._id, {}, { limit: 1, order: 'desc' })).total).toBe(4);
  });

  it('retires an entry taken before writes under the same modseq landed', async () => {
    const config = testConfig();
    const cache = new MailboxCountsCache(countsCacheOn(redis), store.allocator, {
      keyPrefix: `${config.redis.keyPrefix}counts-test:${run}:epoch:`,
    });
    let computed = 0;
    const compute = () => {
      computed++;
      return Promise.resolve(
        new Map([[inbox._id.toHexString(), { messages: computed, unseen: 0, deleted: 0, size: 0 }]]),
      );
    };
    expect((await cache.counts([inbox._id], compute)).get(inbox._id.toHexString())?.messages).toBe(1);
    expect((await cache.counts([inbox._id], compute)).get(inbox._id.toHexString())?.messages).toBe(1);
    await cache.settled([inbox._id]);
    expect((await cache.counts([inbox._id], compute)).get(inbox._id.toHexString())?.messages).toBe(2);
  });

  it('computes every time without Redis', async () => {
    const cache = new MailboxCountsCache(undefined, store.allocator, { keyPrefix: 'unused:' });
    let computed = 0;
    const compute = () => {
      computed++;
      return Promise.resolve(
        new Map<string, { messages: number; unseen: number; deleted: number; size: number }>(),
      );
    };
    await cache.counts([inbox._id], compute);
    await cache.counts([inbox._id], compute);
    expect(computed).toBe(2);
  });
});
