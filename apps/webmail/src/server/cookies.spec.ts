import { formatSession, isSecureRequest, parseCookies, parseSession, serializeCookie } from './cookies';

const userId = '0123456789abcdef01234567';
const token = 'ab'.repeat(24);

describe('cookies', () => {
  it('parses a Cookie header, decoding values and keeping the first duplicate', () => {
    const cookies = parseCookies('a=1; eider_csrf=x%20y; a=2; broken; ="v"; q="quoted"');
    expect(cookies.get('a')).toBe('1');
    expect(cookies.get('eider_csrf')).toBe('x y');
    expect(cookies.get('q')).toBe('quoted');
    expect(cookies.size).toBe(3);
  });

  it('round-trips a session and rejects malformed ones', () => {
    expect(parseSession(formatSession({ userId, token }))).toEqual({ userId, token });
    expect(parseSession(`${userId}`)).toBeNull();
    expect(parseSession(`nothex${userId.slice(6)}.${token}`)).toBeNull();
    expect(parseSession(`${userId}.token with spaces`)).toBeNull();
    expect(parseSession(undefined)).toBeNull();
  });

  it('serialises strict, path-wide cookies, secure and httpOnly on demand', () => {
    expect(serializeCookie('eider_session', 'v', { httpOnly: true, secure: true })).toBe(
      'eider_session=v; Path=/; SameSite=Strict; HttpOnly; Secure',
    );
    expect(serializeCookie('eider_csrf', '', { httpOnly: false, secure: false, maxAge: 0 })).toBe(
      'eider_csrf=; Path=/; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
  });

  it('treats a request as secure over https or behind a proxy that says so', () => {
    expect(isSecureRequest('http://x/', null)).toBe(false);
    expect(isSecureRequest('https://x/', null)).toBe(true);
    expect(isSecureRequest('http://x/', 'https, http')).toBe(true);
  });
});
