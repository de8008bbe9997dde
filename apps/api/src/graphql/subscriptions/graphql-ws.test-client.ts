import { createClient, type Client } from 'graphql-ws';

export interface SubscriptionResult {
  data?: Record<string, Record<string, unknown> | null> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** One graphql-ws subscription, its results collected as they arrive (for tests and e2e). */
export class SubscriptionProbe {
  readonly results: SubscriptionResult[] = [];
  completed = false;
  error: unknown;
  private stop: (() => void) | undefined;

  constructor(
    readonly client: Client,
    query: string,
    variables: Record<string, unknown> = {},
  ) {
    this.stop = client.subscribe<Record<string, Record<string, unknown> | null>>(
      { query, variables },
      {
        next: (result) => this.results.push(result as SubscriptionResult),
        error: (error) => {
          this.error = error;
          this.completed = true;
        },
        complete: () => {
          this.completed = true;
        },
      },
    );
  }

  /** The events of the one subscribed field, in order. */
  events(field: string): Record<string, unknown>[] {
    return this.results.flatMap((result) => {
      const event = result.data?.[field];
      return event ? [event] : [];
    });
  }

  async waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<number> {
    const started = Date.now();
    while (!predicate()) {
      if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return Date.now() - started;
  }

  unsubscribe(): void {
    this.stop?.();
    this.stop = undefined;
  }
}

export interface WsClientOptions {
  token?: string | null;
  /** Called when the socket closes, with its close code (4403 for a refused token). */
  onClosed?: (code: number) => void;
}

/** A graphql-ws client on `<baseUrl>/graphql` with the token in `connectionParams`, connecting at once. */
export const graphqlWsClient = (baseUrl: string, options: WsClientOptions = {}): Client =>
  createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    // Node's built-in WebSocket (the `ws` package has no type declarations installed here).
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: options.token ? { accessToken: options.token } : {},
    on: {
      closed: (event) => options.onClosed?.((event as { code: number }).code),
    },
    onNonLazyError: () => undefined,
  });
