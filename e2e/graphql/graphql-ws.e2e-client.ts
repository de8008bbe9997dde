import { createClient, type Client } from 'graphql-ws';

export interface GraphqlError {
  message: string;
  extensions?: Record<string, unknown>;
}

export interface SubscriptionResult {
  data?: Record<string, Record<string, unknown> | null> | null;
  errors?: GraphqlError[];
}

/** A graphql-ws client as the webmail would open it: token in `connectionParams`, no retries. */
export const wsClient = (baseUrl: string, token: string): Client =>
  createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    // Node's built-in WebSocket (the `ws` package has no type declarations installed here).
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { accessToken: token },
    onNonLazyError: () => undefined,
  });

/** One subscription with its results collected as they arrive. */
export class Subscription {
  readonly results: SubscriptionResult[] = [];
  done = false;
  failure: unknown;
  private readonly stop: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    this.stop = client.subscribe<Record<string, Record<string, unknown> | null>>(
      { query, variables },
      {
        next: (result) => this.results.push(result as SubscriptionResult),
        error: (error) => {
          this.failure = error;
          this.done = true;
        },
        complete: () => {
          this.done = true;
        },
      },
    );
  }

  events(field: string): Record<string, unknown>[] {
    return this.results.flatMap((result) => (result.data?.[field] ? [result.data[field]] : []));
  }

  /** The first error, whether it came as a result or as the operation's failure. */
  errorCode(): unknown {
    const errors =
      this.results[0]?.errors ?? (Array.isArray(this.failure) ? (this.failure as GraphqlError[]) : []);
    return errors[0]?.extensions?.['code'];
  }

  /** Polls until the predicate holds; returns how long that took. */
  async until(predicate: () => boolean, timeoutMs = 5000): Promise<number> {
    const started = Date.now();
    while (!predicate()) {
      if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return Date.now() - started;
  }

  unsubscribe(): void {
    this.stop();
  }
}
