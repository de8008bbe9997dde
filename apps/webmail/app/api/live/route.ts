import { resumeCursor } from '../../../src/live/sse-frame';
import { connectToApi, liveEventStream } from '../../../src/live/mailbox-changes.bridge';
import { jsonResponse, sessionOf, unauthenticated } from '../../../src/server/request-session';
import { apiBaseUrl } from '../../../lib/api-health';

// A live stream per request, on Node (graphql-ws needs sockets): never prerendered or cached.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const unavailable = (): Response =>
  jsonResponse(
    { errors: [{ message: 'The mail server cannot be reached', extensions: { code: 'UNAVAILABLE' } }] },
    502,
  );

/** Server-Sent Events of every change to the signed-in user's mail, resumable with Last-Event-ID. */
export const GET = async (request: Request): Promise<Response> => {
  const session = sessionOf(request);
  if (!session) return unauthenticated();
  const connection = await connectToApi(apiBaseUrl(), session.token);
  if (!connection.ok)
    return connection.reason === 'unauthenticated'
      ? unauthenticated('Your session has expired')
      : unavailable();
  const after = resumeCursor(
    request.headers.get('last-event-id'),
    new URL(request.url).searchParams.get('after'),
  );
  return new Response(liveEventStream({ client: connection.client, after, signal: request.signal }), {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform keeps the server's compression from buffering the stream.
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
};

/** Whether a live stream could be opened now: how the browser tells an expired session from a network fault. */
export const HEAD = async (request: Request): Promise<Response> => {
  const session = sessionOf(request);
  if (!session) return new Response(null, { status: 401 });
  const connection = await connectToApi(apiBaseUrl(), session.token);
  if (connection.ok) void connection.client.dispose();
  const status = connection.ok ? 204 : connection.reason === 'unauthenticated' ? 401 : 502;
  return new Response(null, { status, headers: { 'Cache-Control': 'no-store' } });
};
