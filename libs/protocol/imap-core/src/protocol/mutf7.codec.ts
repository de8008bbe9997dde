/**
 * Modified UTF-7 (RFC 3501 5.1.3) for mailbox names on the wire when UTF8=ACCEPT is not
 * enabled: printable ASCII stands for itself except `&`, which is `&-`; everything else is
 * UTF-16BE in a base64 variant (`,` instead of `/`, no padding) between `&` and `-`.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function encodeRun(run: string): string {
  const bytes = Buffer.alloc(run.length * 2);
  for (let i = 0; i < run.length; i++) bytes.writeUInt16BE(run.charCodeAt(i), i * 2);
  return `&${bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
}

export function encodeMutf7(text: string): string {
  let out = '';
  let run = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0x20 && code <= 0x7e) {
      if (run) {
        out += encodeRun(run);
        run = '';
      }
      out += ch === '&' ? '&-' : ch;
    } else {
      run += ch;
    }
  }
  if (run) out += encodeRun(run);
  return out;
}

/** Decodes modified UTF-7; returns null for malformed input (so callers can answer BAD). */
export function decodeMutf7(text: string): string | null {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code > 0x7e) return null;
    if (ch !== '&') {
      out += ch;
      i++;
      continue;
    }
    const end = text.indexOf('-', i + 1);
    if (end < 0) return null;
    const b64 = text.slice(i + 1, end);
    i = end + 1;
    if (b64 === '') {
      out += '&';
      continue;
    }
    if (/[^A-Za-z0-9+,]/.test(b64) || ![0, 3, 6].includes(b64.length % 8)) {
      return null;
    }
    const bytes = Buffer.from(b64.replace(/,/g, '/'), 'base64');
    if (bytes.length % 2 !== 0) return null;
    let run = '';
    for (let j = 0; j < bytes.length; j += 2) run += String.fromCharCode(bytes.readUInt16BE(j));
    // Printable ASCII must not be base64-encoded, and surrogates must pair up.
    if (/[\x20-\x7e]/.test(run) || run.length === 0) return null;
    if (LONE_SURROGATE.test(run)) return null;
    // Non-zero padding bits mean a different (non-canonical) encoding.
    if (encodeRun(run) !== `&${b64}-`) return null;
    out += run;
  }
  return out;
}
