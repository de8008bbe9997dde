import type Redis from 'ioredis';
import type { Db, MongoClient } from 'mongodb';
import { detectStoreCapabilities, ensureIndexes } from '@eider/mongo';
import { createRedisClient } from '@eider/redis';
import { connectTestDatabase, testConfig } from '@eider/testing';
import { MailStore, type MailboxDocument } from '@eider/mailstore';
import { ImapSortData } from './imap-sort-data';

const message = (n: number, headers: string): Buffer =>
  Buffer.from(`${headers}Message-ID: <m${n}@sort.test>\r\n\r\nbody ${n}\r\n`);

describe('IMAP sort data (real store and Redis)', () => {
  let client: MongoClient;
  let db: Db;
  let redis: Redis;
  let store: MailStore;
  let inbox: MailboxDocument;
  let cached: ImapSortData;
  let storeOnly: ImapSortData;
  const run = Date.now().toString(36);
  const all = [1, 2, 3, 4, 5, 6, 7];
  const byUid = <T extends { uid: number }>(rows: T[]): T[] => [...rows].sort((a, b) => a.uid - b.uid);

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    await ensureIndexes(db);
    const config = testConfig();
    redis = createRedisClient({ url: config.redis.url, connectionName: 'sort-data-test' });
    store = new MailStore(db, await detectStoreCapabilities(db), {
      maxMessageSize: 1024 * 1024,
      journalRetentionSeconds: 3600,
    });
    const user = await store.users.create({ username: `sort-${run}`, quota: 0 });
    inbox = await store.mailboxes.getByPath(user._id, 'INBOX');
    cached = new ImapSortData(store, redis, `${config.redis.keyPrefix}sort-test:${run}:`);
    storeOnly = new ImapSortData(store, null, '');
    await store.ingest.add(
      inbox,
      message(
        1,
        'From: "=?UTF-8?Q?Z=C3=B6e?=" <zoe@example.com>\r\nTo: undisclosed:;\r\nCc: team: Ann <ann@x.example>;\r\n' +
          'Subject: =?UTF-8?Q?Re=3A_caf=C3=A9?=\r\nDate: Tue, 02 Jan 2024 10:00:00 +0200\r\n',
      ),
    );
    await store.ingest.add(
      inbox,
      message(2, 'From: bob@example.com\r\nSubject: Plans\r\nIn-Reply-To: <M1@sort.test>\r\n'),
    );
    await store.ingest.add(
      inbox,
      message(
        3,
        'From: carol\r\nTo: "Dee" <dee@example.org>, eve@example.org\r\nSubject: Re: Plans\r\n' +
          'References: <m1@sort.test> <lost@sort.test>\r\nIn-Reply-To: <m2@sort.test>\r\nDate: nonsense\r\n',
      ),
    );
    await store.ingest.add(inbox, message(4, 'Subject: bare\r\n'));
    await store.ingest.add(inbox, message(5, 'From: Fred <fred@example.net>\r\nSubject: five\r\n'));
  });

  afterAll(async () => {
    await redis.del(cached.key(inbox));
    await redis.quit();
    await client.close();
  });

  it('reads the light fields into records', async () => {
    const rows = byUid(await storeOnly.records(inbox, all));
    expect(rows.map((r) => r.uid)).toEqual([1, 2, 3, 4, 5]);
    const [one, two, three, four] = rows;
    expect(one).toMatchObject({
      subject: 'Re: café',
      from: { mailbox: 'zoe', host: 'example.com', name: 'Zöe' },
      // A group is the first address, by its name (as Dovecot and ImapTest's sort-addresses expect).
      to: { mailbox: 'undisclosed', host: '', name: '' },
      cc: { mailbox: 'team', host: '', name: '' },
      messageId: '<m1@sort.test>',
      references: [],
    });
    expect(one?.sentDate?.toISOString()).toBe('2024-01-02T08:00:00.000Z');
    expect(two).toMatchObject({ inReplyTo: '<m1@sort.test>', references: ['<m1@sort.test>'] });
    expect(three).toMatchObject({
      sentDate: null,
      to: { mailbox: 'dee', host: 'example.org', name: 'Dee' },
      references: ['<m1@sort.test>', '<lost@sort.test>', '<m2@sort.test>'],
    });
    expect(four).toMatchObject({ from: null, subject: 'bare' });
    expect(four?.size).toBeGreaterThan(0);
  });

  it('gives the same rows from a cold and a warm cache, and the warm ones come from Redis', async () => {
    await redis.del(cached.key(inbox));
    const direct = byUid(await storeOnly.records(inbox, all));
    const cold = byUid(await cached.records(inbox, all));
    expect(cold).toEqual(direct);
    expect(await redis.hlen(cached.key(inbox))).toBe(5 + 1);
    // Changed behind the store's back: only a cache hit still shows the old subject.
    await db
      .collection('messages')
      .updateOne({ mailbox: inbox._id, uid: 5 }, { $set: { subject: 'changed' } });
    const warm = byUid(await cached.records(inbox, all));
    expect(warm).toEqual(direct);
    expect(byUid(await storeOnly.records(inbox, all))[4]?.subject).toBe('changed');
    await db.collection('messages').updateOne({ mailbox: inbox._id, uid: 5 }, { $set: { subject: 'five' } });
    // A subset is served by HMGET.
    expect(byUid(await cached.records(inbox, [2, 4]))).toEqual([direct[1], direct[3]]);
  });

  it('drops an expunged UID from the answer and from the cache', async () => {
    await cached.records(inbox, all);
    await store.messages.setFlags(inbox, [2], 'add', ['\\Deleted']);
    expect(await store.messages.expunge(inbox, [2])).toEqual([2]);
    const rows = await cached.records(inbox, all);
    expect(rows.map((r) => r.uid).sort()).toEqual([1, 3, 4, 5]);
    expect(await redis.hexists(cached.key(inbox), '2')).toBe(0);
  });

  it('reads a newly delivered message from the store and caches it', async () => {
    await cached.records(inbox, all);
    const added = await store.ingest.add(inbox, message(6, 'From: new@example.com\r\nSubject: fresh\r\n'));
    const rows = await cached.records(inbox, all);
    expect(rows.map((r) => r.uid).sort()).toEqual([1, 3, 4, 5, added.uid].sort());
    expect(rows.find((r) => r.uid === added.uid)?.subject).toBe('fresh');
    expect(await redis.hexists(cached.key(inbox), String(added.uid))).toBe(1);
    expect(byUid(await cached.records(inbox, all))).toEqual(byUid(await storeOnly.records(inbox, all)));
  });
});
