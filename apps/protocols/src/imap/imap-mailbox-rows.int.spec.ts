import type Redis from 'ioredis';
import type { Db, MongoClient } from 'mongodb';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { createRedisClient } from '@eider/redis';
import { connectTestDatabase, testConfig } from '@eider/testing';
import { MailStore, summariseSnapshot, type MailboxDocument, type MailboxSnapshot } from '@eider/mailstore';
import { settledCursor } from './imap-changes.reader';
import { ImapMailboxRows, lightFetchRecord } from './imap-mailbox-rows';

const message = (n: number): Buffer =>
  Buffer.from(`Subject: snapshot ${n}\r\nMessage-ID: <s${n}@snapshot.test>\r\n\r\nbody ${n}\r\n`);

const comparable = (snapshot: MailboxSnapshot) => ({
  ...snapshot,
  uids: [...snapshot.uids],
  flagsInUse: [...snapshot.flagsInUse].sort(),
});

describe('IMAP mailbox rows cached in Redis (real store and Redis)', () => {
  let client: MongoClient;
  let db: Db;
  let redis: Redis;
  let store: MailStore;
  let inbox: MailboxDocument;
  let clock = Date.now();
  let cached: ImapMailboxRows;
  const run = Date.now().toString(36);

  const settled = async (): Promise<number> =>
    settledCursor(store.journal, inbox._id, (await store.allocator.current(inbox._id)).modseq);
  const fromCache = async () => comparable(await cached.snapshot(inbox, await settled()));
  const fromStore = async () => comparable(await summariseSnapshot(store.queries.snapshotRows(inbox._id)));

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    await ensureIndexes(db);
    const config = testConfig();
    redis = createRedisClient({ url: config.redis.url, connectionName: 'select-snapshot-test' });
    store = new MailStore(db, await detectStoreCapabilities(db), {
      maxMessageSize: 1024 * 1024,
      journalRetentionSeconds: 3600,
    });
    const user = await store.users.create({ username: `snapshot-${run}`, quota: 0 });
    inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    cached = new ImapMailboxRows(store, redis, `${config.redis.keyPrefix}snapshot-test:${run}:`, () => clock);
    for (let n = 1; n <= 4; n += 1) await store.ingest.add(inbox, message(n));
  });

  afterAll(async () => {
    await redis.del(cached.key(inbox));
    await redis.quit();
    await client.close();
  });

  it('builds the snapshot from the store once, then answers from the cached rows', async () => {
    await redis.del(cached.key(inbox));
    expect(await fromCache()).toEqual(await fromStore());
    expect(await redis.hlen(cached.key(inbox))).toBe(4 + 2);
    // A row only Redis has shows that the second answer did not scan the mailbox.
    await redis.hset(cached.key(inbox), '999999', '10 1 0 - \\Seen');
    expect((await fromCache()).uids).toContain(999999);
    await redis.hdel(cached.key(inbox), '999999');
  });

  it('replays arrivals, flag changes and expunges from the journal', async () => {
    await fromCache();
    const fifth = await store.ingest.add(inbox, message(5));
    await store.messages.setFlags(inbox, [1, fifth.uid], 'add', ['\\Seen', '$Important']);
    await store.messages.setFlags(inbox, [2], 'add', ['\\Deleted']);
    expect(await store.messages.expunge(inbox, [2])).toEqual([2]);
    const replayed = await fromCache();
    expect(replayed).toEqual(await fromStore());
    expect(replayed).toMatchObject({ uids: [1, 3, 4, fifth.uid], unseen: 2, firstUnseenUid: 3 });
    expect(replayed.flagsInUse).toEqual(['$Important', '\\Seen']);
    expect(await redis.hexists(cached.key(inbox), '2')).toBe(0);
    expect(await redis.hget(cached.key(inbox), String(fifth.uid))).toMatch(/^\d+ .*\$Important/);
  });

  it('answers a flags-only FETCH like the store does, CHANGEDSINCE included', async () => {
    const fromStream = async (changedSince?: number) => {
      const records = [];
      for await (const message of store.queries.stream(inbox._id, uids, false)) {
        if (changedSince === undefined || message.modseq > changedSince)
          records.push(lightFetchRecord(message));
      }
      return records;
    };
    const uids = [...(await fromStore()).uids];
    await cached.fetchRecords(inbox, uids, undefined);
    const before = (await store.allocator.current(inbox._id)).modseq;
    await store.messages.setFlags(inbox, [uids[0] ?? 0], 'add', ['\\Flagged']);
    const all = await cached.fetchRecords(inbox, uids, undefined);
    expect(all).toEqual(await fromStream());
    expect(all[0]?.flags).toContain('\\Flagged');
    const changed = await cached.fetchRecords(inbox, uids, before);
    expect(changed.map((record) => record.uid)).toEqual([uids[0]]);
    expect(changed).toEqual(await fromStream(before));
    // A UID the rows lack is read from the store.
    await redis.hdel(cached.key(inbox), String(uids[1]));
    expect(await cached.fetchRecords(inbox, uids, undefined)).toEqual(await fromStream());
  });

  it('rebuilds a snapshot that is too old to trust, whatever it holds', async () => {
    await fromCache();
    await redis.hset(cached.key(inbox), '999999', '10 1 0 -');
    clock += 7 * 3600 * 1000;
    try {
      const rebuilt = await fromCache();
      expect(rebuilt.uids).not.toContain(999999);
      expect(rebuilt).toEqual(await fromStore());
    } finally {
      clock = Date.now();
    }
  });

  it('falls back to the store when Redis is gone', async () => {
    const broken = createRedisClient({ url: testConfig().redis.url, connectionName: 'select-snapshot-down' });
    await broken.quit();
    const withoutRedis = new ImapMailboxRows(store, broken, `unused-${run}:`);
    expect(comparable(await withoutRedis.snapshot(inbox, await settled()))).toEqual(await fromStore());
  });
});
