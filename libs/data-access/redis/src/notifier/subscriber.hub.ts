import type Redis from 'ioredis';

export interface ChannelListener {
  onMessage: (payload: string) => void;
  /** The connection dropped and came back; messages published meanwhile were lost. */
  onReconnect?: () => void;
}

interface ChannelState {
  listeners: Set<ChannelListener>;
  subscribed: boolean;
  /** SUBSCRIBE/UNSUBSCRIBE for this channel run one at a time, in call order. */
  queue: Promise<void>;
}

const hubs = new WeakMap<Redis, SubscriberHub>();
const READY_TIMEOUT_MS = 10_000;

/**
 * Multiplexes any number of in-process listeners over one subscriber connection. Redis is asked to
 * SUBSCRIBE when a channel gets its first listener and to UNSUBSCRIBE when it loses its last one.
 * There is exactly one hub per ioredis connection (see `for`): two independent reference counts on one
 * connection would let one owner's UNSUBSCRIBE silently cut off the other's listeners.
 */
export class SubscriberHub {
  private readonly channels = new Map<string, ChannelState>();
  private readyBefore: boolean;

  static for(subscriber: Redis): SubscriberHub {
    let hub = hubs.get(subscriber);
    if (!hub) {
      hub = new SubscriberHub(subscriber);
      hubs.set(subscriber, hub);
    }
    return hub;
  }

  private constructor(private readonly subscriber: Redis) {
    this.readyBefore = subscriber.status === 'ready';
    subscriber.on('message', (channel: string, payload: string) => this.dispatch(channel, payload));
    subscriber.on('ready', () => this.onReady());
  }

  /** Resolves once Redis confirmed the subscription, so nothing published afterwards is missed. */
  async add(channel: string, listener: ChannelListener): Promise<void> {
    let state = this.channels.get(channel);
    if (!state) {
      state = { listeners: new Set(), subscribed: false, queue: Promise.resolve() };
      this.channels.set(channel, state);
    }
    state.listeners.add(listener);
    await this.reconcile(channel, state);
  }

  async remove(channel: string, listener: ChannelListener): Promise<void> {
    const state = this.channels.get(channel);
    if (!state?.listeners.delete(listener)) return;
    await this.reconcile(channel, state);
  }

  listenerCount(channel: string): number {
    return this.channels.get(channel)?.listeners.size ?? 0;
  }

  /** Brings the Redis subscription in line with whether the channel has listeners right now. */
  private reconcile(channel: string, state: ChannelState): Promise<void> {
    const run = state.queue
      .catch(() => undefined)
      .then(async () => {
        const wanted = state.listeners.size > 0;
        if (wanted !== state.subscribed) await this.whenReady();
        if (wanted && !state.subscribed) {
          await this.subscriber.subscribe(channel);
          state.subscribed = true;
        } else if (!wanted && state.subscribed) {
          await this.subscriber.unsubscribe(channel);
          state.subscribed = false;
        }
        if (!wanted && !state.subscribed && this.channels.get(channel) === state)
          this.channels.delete(channel);
      });
    state.queue = run;
    return run;
  }

  /**
   * Waits for the connection's handshake to finish. ioredis writes SUBSCRIBE straight to a socket that is
   * still handshaking (status 'connect': Redis flags SUBSCRIBE as allowed while loading), which flips the
   * client into subscriber mode and makes it reject its own remaining handshake commands (CLIENT SETINFO,
   * the INFO ready check): the connection then never becomes ready. Observed with ioredis 5.11.
   */
  private whenReady(): Promise<void> {
    const subscriber = this.subscriber;
    if (subscriber.status === 'ready') return Promise.resolve();
    if (subscriber.status === 'end')
      return Promise.reject(new Error('the Redis subscriber connection is closed'));
    if (subscriber.status === 'wait') subscriber.connect().catch(() => undefined);
    return new Promise((resolve, reject) => {
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        subscriber.off('ready', onReady);
        subscriber.off('end', onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onReady = (): void => settle();
      const onEnd = (): void => settle(new Error('the Redis subscriber connection is closed'));
      const timer = setTimeout(
        () =>
          settle(new Error(`the Redis subscriber connection was not ready within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      subscriber.once('ready', onReady);
      subscriber.once('end', onEnd);
    });
  }

  private dispatch(channel: string, payload: string): void {
    const state = this.channels.get(channel);
    if (!state) return;
    // A copy: a listener may unsubscribe itself (or another) while being called.
    for (const listener of [...state.listeners]) listener.onMessage(payload);
  }

  private onReady(): void {
    if (!this.readyBefore) {
      this.readyBefore = true;
      return;
    }
    if (this.channels.size === 0) return;
    // ioredis re-sends SUBSCRIBE for every channel while handling 'ready', before this listener runs
    // (it emits on the next tick). A PING queued now is answered after those confirmations, so the
    // listeners hear "reconnected" only once they can again receive everything published from then on.
    setImmediate(() => {
      this.subscriber
        .ping()
        .then(() => {
          for (const state of this.channels.values()) {
            for (const listener of [...state.listeners]) listener.onReconnect?.();
          }
        })
        .catch(() => undefined);
    });
  }
}
