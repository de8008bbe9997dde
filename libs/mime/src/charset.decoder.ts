import { isUtf8 } from 'node:buffer';

import iconv from 'iconv-lite';
import libmime from 'libmime';
import { decode as decodeWithLibmime } from 'libmime/lib/charset';

export interface CharsetDecodeResult {
  text: string;
  /** False when the declared charset is unknown and latin1 was used instead. */
  supported: boolean;
}

// iconv-lite has no ISO-2022-JP family codecs; libmime routes those through encoding-japanese.
const JAPANESE = /^(?:jis|iso-?2022-?jp|eucjp)/i;
// Codecs that would turn arbitrary text into something else entirely; never trust them for bodies.
const REFUSED = /^(?:utf-?7|utf7imap|base64|hex)$/i;

/**
 * Decodes bytes declared in `charset` to a string without ever throwing. A missing or
 * us-ascii declaration with valid UTF-8 content is read as UTF-8 (the usual reality of
 * undeclared 8-bit mail); unknown charsets fall back to latin1, which keeps one
 * character per byte instead of producing replacement characters.
 */
export function decodeCharset(bytes: Buffer, charset: string | null | undefined): CharsetDecodeResult {
  const declared = (charset ?? '').trim().replace(/^["']|["']$/g, '');
  if (declared === '' || /^(?:us-?ascii|ascii|7bit|8bit)$/i.test(declared)) {
    if (isUtf8(bytes)) return { text: bytes.toString('utf8'), supported: true };
    return { text: iconv.decode(bytes, 'windows-1252'), supported: true };
  }
  let name: string;
  try {
    name = libmime.normalizeCharset(declared);
  } catch {
    name = declared;
  }
  if (/^utf-?8$/i.test(name)) return { text: bytes.toString('utf8'), supported: true };
  if (REFUSED.test(name) || REFUSED.test(declared))
    return { text: bytes.toString('latin1'), supported: false };
  try {
    if (JAPANESE.test(name)) return { text: decodeWithLibmime(bytes, name), supported: true };
    if (iconv.encodingExists(name)) return { text: iconv.decode(bytes, name), supported: true };
    if (iconv.encodingExists(declared)) return { text: iconv.decode(bytes, declared), supported: true };
  } catch {
    // A codec that exists but chokes on the input is treated like an unknown charset.
  }
  return { text: bytes.toString('latin1'), supported: false };
}
