import { ChangeNotifier, createRedisClient } from '@eider/redis';
import { testConfig } from '@eider/testing';
import type Redis from 'ioredis';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { JournalService } from './journal.service';
import { JOURNAL_COLLECTION, type JournalEntry, type JournalEntryInput } from './journal.types';
import { UserChangeFeed, type UserChangeStream, type UserFeedEvent } from './user-change-feed.service';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The next event, or null when none arrives within `timeoutMs`. */
const nextWithin = async (
  iterator: AsyncIterator<UserFeedEvent>,
  timeoutMs: number,
): Promise<UserFeedEvent | null> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const result = await Promise.race([iterator.next(), timeout]);
  clearTimeout(timer);
  if (result === null || result.done) return null;
  return result.value;
};

const collect = async (
  iterator: AsyncIterator<UserFeedEvent>,
  count: number,
  timeoutMs = 3000,
): Promise<UserFeedEvent[]> => {
  const events: UserFeedEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    const event = await nextWithin(iterator, Math.max(1, deadline - Date.now()));
    if (!event) break;
    events.push(event);
  }
  return events;
};

const uidsOf = (events: UserFeedEvent[]): (number | undefined)[] =>
  events.map((event) => (event.type === 'change' ? event.change.uid : undefined));

describe('UserChangeFeed (real store and Redis)', () => {
  const config = testConfig();
  let client: MongoClient;
  let db: Db;
  let publisher: Redis;
  let subscriber: Redis;
  let notifier: ChangeNotifier;
  let journal: JournalService;
  const streams: UserChangeStream[] = [];

  const feed = (options: Partial<ConstructorParameters<typeof UserChangeFeed>[2]> = {}): UserChangeFeed =>
    new UserChangeFeed(db, notifier, { retentionSeconds: 3600, pollIntervalMs: 60_000, ...options });
  const open = async (
    target: UserChangeFeed,
    user: ObjectId,
    after?: string,
  ): Promise<{ stream: UserChangeStream; iterator: AsyncIterator<UserFeedEvent> }> => {
    const stream = await target.open(user, after === undefined ? {} : { after });
    streams.push(stream);
    return { stream, iterator: stream[Symbol.asyncIterator]() };
  };
  const entry = (user: ObjectId, mailbox: ObjectId, uid: number): JournalEntryInput => ({
    user,
    mailbox,
    modseq: uid,
    kind: 'exists',
    uid,
  });

  beforeAll(async () => {
    client = await new MongoClient(config.mongo.uri).connect();
    db = client.db(config.mongo.database);
    await db.collection(JOURNAL_COLLECTION).createIndex({ user: 1, _id: 1 }, { name: 'user_id' });
    publisher = createRedisClient({ url: config.redis.url, connectionName: 'feed-spec-pub' });
    subscriber = createRedisClient({ url: config.redis.url, connectionName: 'feed-spec-sub' });
    notifier = new ChangeNotifier(publisher, subscriber, config.redis.keyPrefix);
    journal = new JournalService(db, { beacons: notifier });
  });
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((stream) => stream.close()));
  });
  afterAll(async () => {
    await notifier.close();
    publisher.disconnect();
    subscriber.disconnect();
    await client.close();
  });

  it('starts at "now", then hands out a user\'s changes across mailboxes in journal order', async () => {
    const user = new ObjectId();
    const [inbox, archive] = [new ObjectId(), new ObjectId()];
    await journal.append([entry(user, inbox, 1)]);
    const { iterator } = await open(feed(), user);
    await journal.append([entry(user, inbox, 2), entry(user, archive, 3)]);
    await journal.append([entry(new ObjectId(), inbox, 99)]);
    await journal.append([{ ...entry(user, inbox, 4), kind: 'flags', flags: ['\\Seen'] }]);
    const events = await collect(iterator, 3);
    expect(uidsOf(events)).toEqual([2, 3, 4]);
    const last = events[2];
    expect(last).toMatchObject({
      type: 'change',
      change: { kind: 'flags', mailbox: inbox.toHexString(), uid: 4, flags: ['\\Seen'] },
    });
    if (last?.type === 'change') expect(last.cursor).toBe(last.change.id);
    expect(await nextWithin(iterator, 300)).toBeNull();
  });

  it('resumes after a cursor with only the later changes', async () => {
    const user = new ObjectId();
    const mailbox = new ObjectId();
    const appended = await journal.append([1, 2, 3].map((uid) => entry(user, mailbox, uid)));
    const { iterator, stream } = await open(feed(), user, appended[0]?._id.toHexString());
    expect(uidsOf(await collect(iterator, 2))).toEqual([2, 3]);
    expect(await nextWithin(iterator, 300)).toBeNull();
    expect(stream.cursor).toBe(appended[2]?._id.toHexString());
  });

  it('wakes on the beacon well under a second, without waiting for its poll', async () => {
    const user = new ObjectId();
    const { iterator } = await open(feed({ pollIntervalMs: 60_000 }), user);
    await sleep(50);
    const started = Date.now();
    const pending = nextWithin(iterator, 2000);
    await journal.append([entry(user, new ObjectId(), 7)]);
    const event = await pending;
    expect(uidsOf(event ? [event] : [])).toEqual([7]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('delivers an entry of a second writer that lands late behind a newer id, exactly once', async () => {
    const user = new ObjectId();
    const mailbox = new ObjectId();
    const { iterator } = await open(feed({ pollIntervalMs: 100 }), user);
    // Writer B took its id first but stores it after writer A's entry was already read.
    const lateId = new ObjectId();
    await sleep(5);
    const writerA = new JournalService(db, { beacons: notifier });
    await writerA.append([entry(user, mailbox, 1)]);
    expect(uidsOf(await collect(iterator, 1))).toEqual([1]);
    const late: JournalEntry = { ...entry(user, mailbox, 2), _id: lateId, created: new Date() };
    await db.collection<JournalEntry>(JOURNAL_COLLECTION).insertOne(late);
    expect(uidsOf(await collect(iterator, 1))).toEqual([2]);
    await journal.append([entry(user, mailbox, 3)]);
    expect(uidsOf(await collect(iterator, 1))).toEqual([3]);
    // Several polls later, nothing is handed out twice.
    expect(await nextWithin(iterator, 400)).toBeNull();
  });

  it('answers a cursor older than the retention with a reset, then follows from now', async () => {
    const user = new ObjectId();
    const stale = ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 7200).toHexString();
    const { iterator } = await open(feed({ retentionSeconds: 3600 }), user, stale);
    const [reset] = await collect(iterator, 1);
    expect(reset).toMatchObject({ type: 'reset', reason: 'expired' });
    await journal.append([entry(user, new ObjectId(), 5)]);
    expect(uidsOf(await collect(iterator, 1))).toEqual([5]);
  });

  it('pauses reading for a consumer that does not pull, and loses nothing', async () => {
    const user = new ObjectId();
    const mailbox = new ObjectId();
    const { iterator } = await open(feed({ maxBuffered: 4, pageSize: 3, pollIntervalMs: 50 }), user);
    await journal.append(Array.from({ length: 20 }, (_, index) => entry(user, mailbox, index + 1)));
    await sleep(300);
    const events = await collect(iterator, 20, 5000);
    expect(uidsOf(events)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });

  it('rejects a malformed cursor', async () => {
    await expect(feed().open(new ObjectId(), { after: 'nope' })).rejects.toThrow(RangeError);
  });
});
