// Cookie parsing and serialising for the BFF. Kept free of Next so the rules can be unit-tested.

export const SESSION_COOKIE = 'eider_session';
export const CSRF_COOKIE = 'eider_csrf';

export interface Session {
  userId: string;
  token: string;
}

const USER_ID = /^[0-9a-f]{24}$/;
const TOKEN = /^[0-9a-f]{16,128}$/;

/** Parses a Cookie header into name → value; later duplicates do not override the first (as browsers send them). */
export const parseCookies = (header: string | null | undefined): Map<string, string> => {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
};

export const formatSession = (session: Session): string => `${session.userId}.${session.token}`;

/** Reads `<userId>.<apiAccessToken>`; anything malformed is no session at all. */
export const parseSession = (value: string | undefined): Session | null => {
  if (!value) return null;
  const dot = value.indexOf('.');
  if (dot < 0) return null;
  const userId = value.slice(0, dot);
  const token = value.slice(dot + 1);
  return USER_ID.test(userId) && TOKEN.test(token) ? { userId, token } : null;
};

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  /** Seconds; 0 deletes the cookie. Absent: a browser-session cookie. */
  maxAge?: number;
}

export const serializeCookie = (name: string, value: string, options: CookieOptions): string => {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict'];
  if (options.maxAge !== undefined) {
    parts.push(`Max-Age=${options.maxAge}`);
    if (options.maxAge === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  }
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
};

/** Secure only over https (directly or as a proxy reports it), so plain-http development still works. */
export const isSecureRequest = (url: string, forwardedProto: string | null): boolean =>
  (forwardedProto ?? '').split(',')[0]?.trim() === 'https' || url.startsWith('https:');
