// Server side of /api/live: one graphql-ws subscription to the API per open EventSource.
import { createClient, type Client } from 'graphql-ws';
import { LiveMailboxChangedDocument, type LiveMailboxChangedSubscription } from '../graphql/generated';
import { sseComment, sseEvent, sseRetry } from './sse-frame';

const HEARTBEAT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 10_000;
const RECONNECT_DELAY_MS = 2_000;
// The API closes a socket whose token it does not accept with 4403 (4401 when none was sent at all).
const AUTH_CLOSE_CODES = new Set([4401, 4403]);

export type ApiConnection =
  { ok: true; client: Client } | { ok: false; reason: 'unauthenticated' | 'unavailable' };

/** Opens an authenticated graphql-ws connection and waits until the API has accepted (or refused) it. */
export const connectToApi = (apiBaseUrl: string, token: string): Promise<ApiConnection> => {
  const client = createClient({
    url: `${apiBaseUrl.replace(/\/$/, '').replace(/^http/, 'ws')}/graphql`,
    // Node's own WebSocket: the `ws` package ships without type declarations here, and bundling it into the
    // Next server needs extra configuration for its optional native helpers.
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { token },
    onNonLazyError: () => undefined,
  });
  return new Promise((resolve) => {
    const finish = (result: ApiConnection): void => {
      clearTimeout(timer);
      offConnected();
      offClosed();
      if (!result.ok) void client.dispose();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'unavailable' }), CONNECT_TIMEOUT_MS);
    const offConnected = client.on('connected', () => finish({ ok: true, client }));
    const offClosed = client.on('closed', (event) => {
      const code = (event as { code?: number } | undefined)?.code ?? 0;
      finish({ ok: false, reason: AUTH_CLOSE_CODES.has(code) ? 'unauthenticated' : 'unavailable' });
    });
  });
};

export type LiveChange = LiveMailboxChangedSubscription['mailboxChanged'];

export interface LiveStreamOptions {
  client: Client;
  after: string | undefined;
  signal: AbortSignal;
  heartbeatMs?: number;
}

/**
 * The SSE body: every `mailboxChanged` event as `id: <cursor>` + JSON data, a heartbeat comment, and cleanup
 * (unsubscribe, close the socket) when the browser goes away or the API ends the subscription. When the
 * stream ends the browser reconnects by itself, sending the last cursor as Last-Event-ID.
 */
export const liveEventStream = ({
  client,
  after,
  signal,
  heartbeatMs = HEARTBEAT_MS,
}: LiveStreamOptions): ReadableStream<Uint8Array> => {
  const encoder = new TextEncoder();
  let finish = (): void => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let done = false;
      const send = (text: string): void => {
        if (!done) controller.enqueue(encoder.encode(text));
      };
      const heartbeat = setInterval(() => send(sseComment('heartbeat')), heartbeatMs);
      finish = () => {
        if (done) return;
        done = true;
        clearInterval(heartbeat);
        signal.removeEventListener('abort', finish);
        unsubscribe();
        void client.dispose();
        try {
          controller.close();
        } catch {
          // Already closed by a cancel from the reader.
        }
      };
      send(sseRetry(RECONNECT_DELAY_MS));
      const unsubscribe = client.subscribe<{ mailboxChanged: LiveChange }>(
        { query: LiveMailboxChangedDocument, variables: after ? { after } : {} },
        {
          next: (result) => {
            const change = result.data?.mailboxChanged;
            if (change) send(sseEvent(JSON.stringify(change), change.cursor));
            else if (result.errors?.length && after) forgetCursor();
          },
          // An array is the API's GraphQL errors (a refused cursor); anything else is the socket ending.
          error: (error) => (after && Array.isArray(error) ? forgetCursor() : finish()),
          complete: () => finish(),
        },
      );
      // A cursor the API refuses would be refused again on every reconnect: tell the views to reload and
      // clear the browser's Last-Event-ID so the next connection starts from now.
      const forgetCursor = (): void => {
        send(
          sseEvent(
            JSON.stringify({ type: 'RESET', cursor: '', resetReason: 'EXPIRED', mailboxId: null }),
            '',
          ),
        );
        finish();
      };
      if (signal.aborted) finish();
      else signal.addEventListener('abort', finish, { once: true });
    },
    cancel() {
      finish();
    },
  });
};
