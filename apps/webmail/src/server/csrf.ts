// Double-submit CSRF plus an Origin check for the GraphQL proxy. Pure so it can be unit-tested.

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

const CSRF_VALUE = /^[0-9a-f]{32}$/;

/** 32 random hex characters for the `eider_csrf` cookie. */
export const newCsrfToken = (): string => {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};

const constantTimeEqual = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

export interface CsrfInput {
  cookie: string | undefined;
  header: string | null;
  origin: string | null;
  /** The Host header the request came in on. */
  host: string | null;
}

export const checkCsrf = ({ cookie, header, origin, host }: CsrfInput): CsrfVerdict => {
  if (!cookie || !CSRF_VALUE.test(cookie)) return { ok: false, reason: 'missing CSRF cookie' };
  if (!header || !constantTimeEqual(cookie, header)) return { ok: false, reason: 'CSRF token mismatch' };
  if (origin !== null) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return { ok: false, reason: 'malformed Origin' };
    }
    if (!host || originHost !== host) return { ok: false, reason: 'cross-origin request' };
  }
  return { ok: true };
};
