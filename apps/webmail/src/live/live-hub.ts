// One EventSource per tab, shared by every component that listens. Free of React so it can be unit-tested.
import type { LiveChangeEvent } from './live-event';

export type LiveListener = (event: LiveChangeEvent) => void;

/** The parts of EventSource the hub uses, so tests can drive it without a browser. */
export interface LiveSource {
  readonly readyState: number;
  onmessage: ((message: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

export interface LiveHubOptions {
  open: () => LiveSource;
  /** Asked after the browser gave up reconnecting: is the session gone (true) or only the network (false)? */
  sessionExpired: () => Promise<boolean>;
  onSessionExpired: () => void;
  /** Wait before a fresh EventSource once the browser gave up; grows up to 30 s. */
  schedule?: (retry: () => void, delayMs: number) => void;
}

const CLOSED = 2;
const MAX_RETRY_MS = 30_000;

export const parseLiveEvent = (data: string): LiveChangeEvent | null => {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return null;
    const { type, cursor } = value as Record<string, unknown>;
    return typeof type === 'string' && typeof cursor === 'string' ? (value as LiveChangeEvent) : null;
  } catch {
    return null;
  }
};

export class LiveHub {
  private readonly listeners = new Set<LiveListener>();
  private source: LiveSource | null = null;
  private retryMs = 1_000;

  constructor(private readonly options: LiveHubOptions) {}

  /** Adds a listener (opening the stream for the first one); the returned function removes it. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    if (!this.source) this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  get connected(): boolean {
    return this.source !== null;
  }

  private connect(): void {
    const source = this.options.open();
    this.source = source;
    source.onmessage = (message) => {
      this.retryMs = 1_000;
      const event = parseLiveEvent(message.data);
      if (!event) return;
      for (const listener of [...this.listeners]) listener(event);
    };
    // EventSource reconnects by itself after a dropped stream; it only stays CLOSED after a refused one
    // (401, 502), and only then do we look at why.
    source.onerror = () => {
      if (source.readyState !== CLOSED || this.source !== source) return;
      this.source = null;
      void this.recover();
    };
  }

  private async recover(): Promise<void> {
    const expired = await this.options.sessionExpired().catch(() => false);
    if (this.listeners.size === 0 || this.source) return;
    if (expired) {
      this.options.onSessionExpired();
      return;
    }
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    const schedule = this.options.schedule ?? ((retry, ms) => void setTimeout(retry, ms));
    schedule(() => {
      if (this.listeners.size > 0 && !this.source) this.connect();
    }, delay);
  }

  private disconnect(): void {
    this.source?.close();
    this.source = null;
  }
}
