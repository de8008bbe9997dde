import type { UserChangeStream, UserFeedEvent } from '@eider/mailstore';

/**
 * A user change stream seen through a filter, as the async iterator graphql-ws consumes. `return()` (the
 * client unsubscribed or disconnected) closes the feed at once, even while a `next()` is waiting: an async
 * generator would queue that `return()` behind the pending read and keep the feed, and its Redis
 * subscription, open until the next change. Buffering stays bounded: events are read only as the socket
 * takes them and the feed pauses its reads while the consumer is behind.
 */
export class ChangeFeedSubscription<T> implements AsyncIterableIterator<T> {
  private readonly source: AsyncIterator<UserFeedEvent>;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly stream: UserChangeStream,
    private readonly select: (event: UserFeedEvent) => T | null,
    private readonly onClosed: () => void = () => undefined,
  ) {
    this.source = stream[Symbol.asyncIterator]();
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      const result = await this.source.next();
      if (result.done === true) {
        await this.close();
        return { done: true, value: undefined };
      }
      const value = this.select(result.value);
      if (value !== null) return { done: false, value };
    }
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    await this.close();
    throw error instanceof Error ? error : new Error(String(error));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Closes the feed; safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.stream.close().finally(() => this.onClosed());
    return this.closing;
  }
}
