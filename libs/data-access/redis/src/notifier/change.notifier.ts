import type Redis from 'ioredis';
import { decodeChangeBeacon, encodeChangeBeacon, type ChangeBeacon } from './change-beacon.codec';
import { SubscriberHub, type ChannelListener } from './subscriber.hub';

export type ChangeBeaconHandler = (beacon: ChangeBeacon) => void | Promise<void>;

export interface ChangeSubscribeOptions {
  /** Called after the subscriber connection came back: beacons sent while it was down are lost. */
  onReconnect?: () => void;
}

export interface ChangeNotifierOptions {
  /** Exceptions thrown by handlers; one failing handler never keeps a beacon from the others. */
  onError?: (error: unknown) => void;
}

const MAX_USER_ID_LENGTH = 64;

/**
 * The change beacon: after a write, the writer PUBLISHes `{ mailbox, modseq, kind }` on the user's
 * channel, and every process with a session for that user reads the journal at once instead of at its
 * next poll. Pub/sub is fire-and-forget, so a beacon is never the only way a change is found: the
 * journal is the truth and readers also poll it.
 *
 * `publisher` is an ordinary connection; `subscriber` is the process's shared subscriber connection
 * (REDIS_SUBSCRIBER), on which channels are reference-counted across all ChangeNotifier instances.
 */
export class ChangeNotifier {
  private readonly hub: SubscriberHub;
  private readonly own = new Set<{ channel: string; listener: ChannelListener }>();

  constructor(
    private readonly publisher: Redis,
    subscriber: Redis,
    private readonly keyPrefix: string,
    private readonly options: ChangeNotifierOptions = {},
  ) {
    this.hub = SubscriberHub.for(subscriber);
  }

  channelFor(userId: string): string {
    if (userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) {
      throw new RangeError(`user id must have 1 to ${MAX_USER_ID_LENGTH} characters`);
    }
    return `${this.keyPrefix}changes:${userId}`;
  }

  /** Sends the beacon; resolves with the number of subscribed connections that received it. */
  async publish(userId: string, beacon: ChangeBeacon): Promise<number> {
    return this.publisher.publish(this.channelFor(userId), encodeChangeBeacon(beacon));
  }

  /**
   * Calls `handler` for each valid beacon on the user's channel (garbage is dropped silently). Resolves
   * once Redis confirmed the subscription, with a function that removes this handler again.
   */
  async subscribe(
    userId: string,
    handler: ChangeBeaconHandler,
    options: ChangeSubscribeOptions = {},
  ): Promise<() => Promise<void>> {
    const channel = this.channelFor(userId);
    const listener: ChannelListener = {
      onMessage: (payload) => {
        const beacon = decodeChangeBeacon(payload);
        if (beacon) this.call(() => handler(beacon));
      },
      onReconnect: options.onReconnect && (() => this.call(() => options.onReconnect?.())),
    };
    const registration = { channel, listener };
    this.own.add(registration);
    try {
      await this.hub.add(channel, listener);
    } catch (error) {
      this.own.delete(registration);
      await this.hub.remove(channel, listener).catch(() => undefined);
      throw error;
    }
    return async () => {
      if (!this.own.delete(registration)) return;
      await this.hub.remove(channel, listener);
    };
  }

  /** Drops every subscription made through this notifier (the shared connection stays open). */
  async close(): Promise<void> {
    const registrations = [...this.own];
    this.own.clear();
    await Promise.allSettled(
      registrations.map(({ channel, listener }) => this.hub.remove(channel, listener)),
    );
  }

  private call(run: () => void | Promise<void>): void {
    try {
      const result = run();
      if (result instanceof Promise) result.catch((error: unknown) => this.options.onError?.(error));
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
