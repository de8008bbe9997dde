import { CSRF_COOKIE, serializeCookie, SESSION_COOKIE, formatSession } from './cookies';
import { newCsrfToken } from './csrf';
import { apiUrl, clearedSessionCookies, jsonResponse, secureRequest, sessionOf } from './request-session';

interface AuthenticateAnswer {
  id?: string;
  token?: string;
  error?: string;
  code?: string;
}

const readCredentials = async (request: Request): Promise<{ username: string; password: string } | null> => {
  try {
    const body = (await request.json()) as { username?: unknown; password?: unknown };
    if (typeof body.username !== 'string' || typeof body.password !== 'string') return null;
    if (!body.username.trim() || !body.password) return null;
    return { username: body.username.trim(), password: body.password };
  } catch {
    return null;
  }
};

/** Sign in: trade the password for an API token and keep it in an httpOnly cookie the browser cannot read. */
export const POST = async (request: Request): Promise<Response> => {
  const credentials = await readCredentials(request);
  if (!credentials)
    return jsonResponse({ error: 'Enter your username and password', code: 'InputValidationError' }, 400);
  let answer: Response;
  try {
    answer = await fetch(apiUrl('/authenticate'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...credentials, token: true }),
      cache: 'no-store',
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return jsonResponse({ error: 'The mail server cannot be reached', code: 'Unavailable' }, 502);
  }
  const body = (await answer.json().catch(() => ({}))) as AuthenticateAnswer;
  if (!answer.ok || !body.id || !body.token) {
    const retryAfter = answer.headers.get('retry-after');
    const status = [400, 401, 403, 429].includes(answer.status) ? answer.status : 502;
    return jsonResponse(
      { error: body.error ?? 'Sign-in failed', code: body.code ?? 'AuthFailed' },
      status,
      retryAfter ? { 'Retry-After': retryAfter } : {},
    );
  }
  const secure = secureRequest(request);
  const response = jsonResponse({ ok: true, userId: body.id }, 200);
  response.headers.append(
    'Set-Cookie',
    serializeCookie(SESSION_COOKIE, formatSession({ userId: body.id, token: body.token }), {
      httpOnly: true,
      secure,
    }),
  );
  response.headers.append(
    'Set-Cookie',
    serializeCookie(CSRF_COOKIE, newCsrfToken(), { httpOnly: false, secure }),
  );
  return response;
};

/** Sign out: revoke the API token, then forget both cookies whatever the API said. */
export const DELETE = async (request: Request): Promise<Response> => {
  const session = sessionOf(request);
  if (session) {
    await fetch(apiUrl('/authenticate'), {
      method: 'DELETE',
      headers: { 'X-Access-Token': session.token },
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
  }
  const response = jsonResponse({ ok: true }, 200);
  for (const cookie of clearedSessionCookies(request)) response.headers.append('Set-Cookie', cookie);
  return response;
};
