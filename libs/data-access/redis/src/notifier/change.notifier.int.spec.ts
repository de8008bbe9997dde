import { once } from 'node:events';
import { testConfig } from '@eider/testing';
import type Redis from 'ioredis';
import { createRedisClient } from '../redis-client.factory';
import type { ChangeBeacon } from './change-beacon.codec';
import { ChangeNotifier } from './change.notifier';
import { SubscriberHub } from './subscriber.hub';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A handler that records beacons, and a way to wait for the next one. */
const collect = (): {
  beacons: ChangeBeacon[];
  handler: (beacon: ChangeBeacon) => void;
  next: () => Promise<ChangeBeacon>;
} => {
  const beacons: ChangeBeacon[] = [];
  const waiters: Array<(beacon: ChangeBeacon) => void> = [];
  return {
    beacons,
    handler: (beacon) => {
      beacons.push(beacon);
      waiters.shift()?.(beacon);
    },
    next: () =>
      new Promise<ChangeBeacon>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no beacon within 2 s')), 2000);
        waiters.push((beacon) => {
          clearTimeout(timer);
          resolve(beacon);
        });
      }),
  };
};

describe('ChangeNotifier (real Redis)', () => {
  const config = testConfig();
  const prefix = config.redis.keyPrefix;
  let publisher: Redis;
  let subscriber: Redis;
  let notifier: ChangeNotifier;
  let user = 0;
  const nextUser = (): string => `user-${process.pid}-${++user}`;

  const subscriberCount = async (channel: string): Promise<number> => {
    const reply = (await publisher.pubsub('NUMSUB', channel)) as [string, number];
    return Number(reply[1]);
  };

  beforeEach(() => {
    publisher = createRedisClient({ url: config.redis.url, connectionName: 'notifier-test' });
    subscriber = createRedisClient({
      url: config.redis.url,
      connectionName: `notifier-test-sub-${process.pid}`,
    });
    notifier = new ChangeNotifier(publisher, subscriber, prefix);
  });
  afterEach(async () => {
    await notifier.close();
    await Promise.allSettled([publisher.quit(), subscriber.quit()]);
  });

  it('delivers a published beacon on the user channel only', async () => {
    const alice = nextUser();
    const bob = nextUser();
    const forAlice = collect();
    const forBob = collect();
    await notifier.subscribe(alice, forAlice.handler);
    await notifier.subscribe(bob, forBob.handler);
    expect(notifier.channelFor(alice)).toBe(`${prefix}changes:${alice}`);
    const received = forAlice.next();
    expect(await notifier.publish(alice, { mailbox: 'abc', modseq: 12, kind: 'exists' })).toBe(1);
    expect(await received).toEqual({ mailbox: 'abc', modseq: 12, kind: 'exists' });
    await sleep(100);
    expect(forBob.beacons).toEqual([]);
  });

  it('shares one Redis subscription per channel between handlers and notifiers, and unsubscribes with the last', async () => {
    const alice = nextUser();
    const channel = notifier.channelFor(alice);
    const second = new ChangeNotifier(publisher, subscriber, prefix);
    const a = collect();
    const b = collect();
    const c = collect();
    const offA = await notifier.subscribe(alice, a.handler);
    const offB = await notifier.subscribe(alice, b.handler);
    const offC = await second.subscribe(alice, c.handler);
    expect(await subscriberCount(channel)).toBe(1);
    expect(SubscriberHub.for(subscriber).listenerCount(channel)).toBe(3);

    await offA();
    await offA(); // idempotent
    // One notifier's unsubscribe must not cut off the other notifier's handler on the same connection.
    await offC();
    const gotB = b.next();
    await notifier.publish(alice, { mailbox: 'm', modseq: 1 });
    expect(await gotB).toEqual({ mailbox: 'm', modseq: 1 });
    expect(await subscriberCount(channel)).toBe(1);

    await offB();
    expect(await subscriberCount(channel)).toBe(0);
    expect(await notifier.publish(alice, { mailbox: 'm', modseq: 2 })).toBe(0);
    await sleep(100);
    expect([a.beacons, c.beacons]).toEqual([[], []]);
    expect(b.beacons).toHaveLength(1);
  });

  it('stops delivering to an unsubscribed handler while others keep receiving', async () => {
    const alice = nextUser();
    const gone = collect();
    const stays = collect();
    const off = await notifier.subscribe(alice, gone.handler);
    await notifier.subscribe(alice, stays.handler);
    await off();
    const got = stays.next();
    await notifier.publish(alice, { mailbox: 'm', modseq: 5 });
    await got;
    await sleep(50);
    expect(gone.beacons).toEqual([]);
  });

  it('survives garbage payloads and throwing handlers', async () => {
    const alice = nextUser();
    const errors: unknown[] = [];
    const tolerant = new ChangeNotifier(publisher, subscriber, prefix, {
      onError: (error) => errors.push(error),
    });
    const good = collect();
    await tolerant.subscribe(alice, () => {
      throw new Error('handler bug');
    });
    await tolerant.subscribe(alice, () => Promise.reject(new Error('async handler bug')));
    await tolerant.subscribe(alice, good.handler);
    const channel = tolerant.channelFor(alice);
    for (const junk of [
      'not json',
      '',
      'null',
      '[]',
      '42',
      '{"mailbox":7,"modseq":1}',
      '{"mailbox":"m","modseq":-1}',
      '{"mailbox":"m","modseq":1.5}',
      '{"mailbox":"m","modseq":"1"}',
      '{"mailbox":"","modseq":1}',
      '{"mailbox":"m","modseq":1,"kind":{}}',
      JSON.stringify({ mailbox: 'm'.repeat(10_000), modseq: 1 }),
      '\u0000\uffff',
    ]) {
      await publisher.publish(channel, junk);
    }
    const got = good.next();
    await tolerant.publish(alice, { mailbox: 'real', modseq: 3 });
    expect(await got).toEqual({ mailbox: 'real', modseq: 3 });
    expect(good.beacons).toEqual([{ mailbox: 'real', modseq: 3 }]);
    await sleep(20);
    expect(errors.map((error) => (error as Error).message).sort()).toEqual([
      'async handler bug',
      'handler bug',
    ]);
    await tolerant.close();
  });

  it('subscribes safely while the connection is still handshaking, or not connected yet', async () => {
    for (const lazyConnect of [false, true]) {
      const fresh = createRedisClient(
        { url: config.redis.url, connectionName: `notifier-test-fresh-${process.pid}` },
        { lazyConnect },
      );
      try {
        const early = new ChangeNotifier(publisher, fresh, prefix);
        const alice = nextUser();
        const received = collect();
        // Socket open, handshake (CLIENT SETNAME, SETINFO, INFO) in flight: ioredis would write a
        // SUBSCRIBE straight away and then refuse its own handshake, wedging the connection.
        if (!lazyConnect) await once(fresh, 'connect');
        await early.subscribe(alice, received.handler);
        expect(fresh.status).toBe('ready');
        const got = received.next();
        await early.publish(alice, { mailbox: 'm', modseq: 1 });
        expect(await got).toEqual({ mailbox: 'm', modseq: 1 });
        await early.close();
      } finally {
        await fresh.quit();
      }
    }
  });

  it('refuses to publish malformed beacons', async () => {
    await expect(notifier.publish(nextUser(), { mailbox: '', modseq: 1 })).rejects.toThrow(TypeError);
    await expect(notifier.publish(nextUser(), { mailbox: 'm', modseq: Number.NaN })).rejects.toThrow(
      TypeError,
    );
    await expect(notifier.publish('', { mailbox: 'm', modseq: 1 })).rejects.toThrow(RangeError);
  });

  it('keeps channel state consistent under subscribe/unsubscribe churn', async () => {
    const alice = nextUser();
    const channel = notifier.channelFor(alice);
    const offs = await Promise.all(
      Array.from({ length: 20 }, () => notifier.subscribe(alice, () => undefined)),
    );
    await Promise.all([
      ...offs.slice(0, 10).map((off) => off()),
      ...Array.from({ length: 5 }, () => notifier.subscribe(alice, () => undefined)),
    ]);
    expect(SubscriberHub.for(subscriber).listenerCount(channel)).toBe(15);
    expect(await subscriberCount(channel)).toBe(1);
    await notifier.close();
    expect(SubscriberHub.for(subscriber).listenerCount(channel)).toBe(0);
    expect(await subscriberCount(channel)).toBe(0);
  });

  it('resubscribes after the subscriber connection drops, and tells handlers to catch up', async () => {
    const alice = nextUser();
    const received = collect();
    let reconnects = 0;
    await notifier.subscribe(alice, received.handler, { onReconnect: () => reconnects++ });
    const clients = (await publisher.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    const line = clients
      .split('\n')
      .find((entry) => entry.includes(`name=notifier-test-sub-${process.pid} `));
    const id = /\bid=(\d+)/.exec(line ?? '')?.[1];
    expect(id).toBeDefined();
    await publisher.client('KILL', 'ID', id!);

    const deadline = Date.now() + 5000;
    while (reconnects === 0 && Date.now() < deadline) await sleep(20);
    expect(reconnects).toBe(1);
    // onReconnect fires once the subscription is back: a beacon published now must arrive.
    const got = received.next();
    await notifier.publish(alice, { mailbox: 'after', modseq: 9 });
    expect(await got).toEqual({ mailbox: 'after', modseq: 9 });
  });
});
