import { CSRF_COOKIE } from './cookies';
import { checkCsrf } from './csrf';
import { apiUrl, cookieOf, jsonResponse, sessionOf, unauthenticated } from './request-session';

const MAX_BODY_BYTES = 40 * 1024 * 1024;

/** Forwards a GraphQL request with the session's token, after the CSRF and Origin checks. */
export const POST = async (request: Request): Promise<Response> => {
  const verdict = checkCsrf({
    cookie: cookieOf(request, CSRF_COOKIE),
    header: request.headers.get('x-csrf-token'),
    origin: request.headers.get('origin'),
    host: request.headers.get('x-forwarded-host') ?? request.headers.get('host'),
  });
  if (!verdict.ok) {
    return jsonResponse({ errors: [{ message: verdict.reason, extensions: { code: 'FORBIDDEN' } }] }, 403);
  }
  const session = sessionOf(request);
  if (!session) return unauthenticated();
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) {
    return jsonResponse(
      { errors: [{ message: 'Request too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] },
      413,
    );
  }
  let answer: Response;
  try {
    answer = await fetch(apiUrl('/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Access-Token': session.token },
      body: await request.text(),
      cache: 'no-store',
      signal: request.signal,
    });
  } catch {
    return jsonResponse(
      { errors: [{ message: 'The mail server cannot be reached', extensions: { code: 'UNAVAILABLE' } }] },
      502,
    );
  }
  const text = await answer.text();
  if (answer.status === 401 || refusedToken(text)) return unauthenticated('Your session has expired');
  return new Response(text, {
    status: answer.status,
    headers: {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
      'Cache-Control': 'no-store',
    },
  });
};

/** The API answers a revoked or expired token with HTTP 200, no data and an UNAUTHENTICATED error. */
const refusedToken = (text: string): boolean => {
  try {
    const body = JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
    return !body.data && (body.errors ?? []).some((error) => error.extensions?.code === 'UNAUTHENTICATED');
  } catch {
    return false;
  }
};
