import { LiveHub, parseLiveEvent, type LiveSource } from './live-hub';

class FakeSource implements LiveSource {
  readyState = 1;
  closed = false;
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  emit(data: unknown): void {
    this.raw(JSON.stringify(data));
  }

  raw(data: string): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  fail(readyState: number): void {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
}

const added = { type: 'MESSAGES_ADDED', cursor: 'c1', mailboxId: 'm1', uid: 7 };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const setUp = (expired = false) => {
  const sources: FakeSource[] = [];
  const retries: { retry: () => void; delay: number }[] = [];
  const onSessionExpired = vi.fn();
  const hub = new LiveHub({
    open: () => {
      const source = new FakeSource();
      sources.push(source);
      return source;
    },
    sessionExpired: () => Promise.resolve(expired),
    onSessionExpired,
    schedule: (retry, delay) => retries.push({ retry, delay }),
  });
  return { hub, sources, retries, onSessionExpired };
};

describe('LiveHub', () => {
  it('shares one source among subscribers and fans every event out to each', () => {
    const { hub, sources } = setUp();
    const first = vi.fn();
    const second = vi.fn();
    hub.subscribe(first);
    hub.subscribe(second);
    expect(sources).toHaveLength(1);
    sources[0]!.emit(added);
    expect(first).toHaveBeenCalledWith(added);
    expect(second).toHaveBeenCalledWith(added);
  });

  it('closes the source when the last subscriber leaves, and opens a new one for the next', () => {
    const { hub, sources } = setUp();
    const offA = hub.subscribe(vi.fn());
    const offB = hub.subscribe(vi.fn());
    offA();
    expect(sources[0]!.closed).toBe(false);
    offB();
    expect(sources[0]!.closed).toBe(true);
    hub.subscribe(vi.fn());
    expect(sources).toHaveLength(2);
  });

  it('ignores messages that are not change events', () => {
    const { hub, sources } = setUp();
    const listener = vi.fn();
    hub.subscribe(listener);
    sources[0]!.raw('not json');
    sources[0]!.emit({ cursor: 'c' });
    expect(listener).not.toHaveBeenCalled();
  });

  it('leaves reconnecting to the browser while the source is only CONNECTING', async () => {
    const { hub, sources, retries, onSessionExpired } = setUp(true);
    hub.subscribe(vi.fn());
    sources[0]!.fail(0);
    await flush();
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(retries).toHaveLength(0);
    expect(hub.connected).toBe(true);
  });

  it('sends the user to sign in when the stream was refused because the session is gone', async () => {
    const { hub, sources, onSessionExpired, retries } = setUp(true);
    hub.subscribe(vi.fn());
    sources[0]!.fail(2);
    await flush();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(retries).toHaveLength(0);
  });

  it('retries with a growing delay when the server was unavailable', async () => {
    const { hub, sources, retries } = setUp(false);
    hub.subscribe(vi.fn());
    sources[0]!.fail(2);
    await flush();
    expect(retries.map((retry) => retry.delay)).toEqual([1000]);
    retries[0]!.retry();
    expect(sources).toHaveLength(2);
    sources[1]!.fail(2);
    await flush();
    expect(retries.map((retry) => retry.delay)).toEqual([1000, 2000]);
  });
});

describe('parseLiveEvent', () => {
  it('accepts objects with a type and a cursor only', () => {
    expect(parseLiveEvent(JSON.stringify(added))).toEqual(added);
    expect(parseLiveEvent('null')).toBeNull();
    expect(parseLiveEvent('{"type":1,"cursor":"x"}')).toBeNull();
  });
});
