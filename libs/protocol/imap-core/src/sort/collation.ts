/**
 * An approximation of i;unicode-casemap (RFC 5051), the comparator RFC 5256 and RFC 5957 name for
 * strings: simple titlecase mapping (upper case, for all but a few digraphs), then NFKD, compared
 * by code point. Upper rather than lower case matters: `_` sorts after letters, as with Dovecot.
 */
// Printable ASCII takes the fast path; anything else (controls included) the careful one.
const NOT_PLAIN = /[^\x20-\x7e]/;

function simpleUpper(text: string): string {
  let out = '';
  for (const ch of text) {
    const upper = ch.toUpperCase();
    // Full case mappings (ß -> SS) are not simple mappings; keep such characters as they are.
    out += upper.length === ch.length ? upper : ch;
  }
  return out;
}

export function collationKey(text: string): string {
  if (!NOT_PLAIN.test(text)) return text.toUpperCase();
  // Mapped again after NFKD, so a decomposed ligature (ﬁ -> fi) compares like the letters it stands for.
  return simpleUpper(simpleUpper(text).normalize('NFKD'));
}

// Past the surrogates, UTF-16 order differs from code point order: U+E000..U+FFFF must sort below
// U+10000 and above, whose UTF-16 forms start with a surrogate.
const codePointRank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);

/** Code point (equivalently UTF-8 octet) order, which RFC 5051 specifies. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y);
    return x - y;
  }
  return a.length - b.length;
}
