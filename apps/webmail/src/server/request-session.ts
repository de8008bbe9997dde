import { apiBaseUrl } from '../../lib/api-health';
import {
  CSRF_COOKIE,
  isSecureRequest,
  parseCookies,
  parseSession,
  serializeCookie,
  SESSION_COOKIE,
  type Session,
} from './cookies';

export const sessionOf = (request: Request): Session | null =>
  parseSession(parseCookies(request.headers.get('cookie')).get(SESSION_COOKIE));

export const cookieOf = (request: Request, name: string): string | undefined =>
  parseCookies(request.headers.get('cookie')).get(name);

export const secureRequest = (request: Request): boolean =>
  isSecureRequest(request.url, request.headers.get('x-forwarded-proto'));

/** Set-Cookie values that remove both session cookies. */
export const clearedSessionCookies = (request: Request): string[] => {
  const secure = secureRequest(request);
  return [
    serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure, maxAge: 0 }),
    serializeCookie(CSRF_COOKIE, '', { httpOnly: false, secure, maxAge: 0 }),
  ];
};

export const apiUrl = (path: string): string => `${apiBaseUrl().replace(/\/$/, '')}${path}`;

export const jsonResponse = (body: unknown, status: number, headers: HeadersInit = {}): Response => {
  const response = Response.json(body, { status, headers });
  response.headers.set('Cache-Control', 'no-store');
  return response;
};

export const unauthenticated = (message = 'Not signed in'): Response =>
  jsonResponse({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }, 401);
