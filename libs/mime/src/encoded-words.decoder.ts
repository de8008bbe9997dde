import { decodeCharset } from './charset.decoder';

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?]*)\?=/g;

function decodeQ(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5f) {
      bytes.push(0x20);
    } else if (ch === 0x3d && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch < 0x100) {
      bytes.push(ch);
    } else {
      for (const b of Buffer.from(text[i] ?? '', 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

function decodeB(text: string): Buffer {
  return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
}

interface Word {
  start: number;
  end: number;
  charset: string;
  encoding: 'Q' | 'B';
  bytes: Buffer;
}

/**
 * Decodes RFC 2047 encoded-words. libmime's decodeWords would read an unknown charset as
 * UTF-8 and produce replacement characters; routing through decodeCharset keeps Eider's
 * single rule (latin1 for anything unknown) for headers and bodies alike. Adjacent words separated only by whitespace are joined
 * (the whitespace is not part of the text), and adjacent words in the same charset are
 * decoded together because encoders routinely split a multibyte character across words.
 */
export function decodeEncodedWords(input: string): string {
  if (!input.includes('=?')) return input;
  const words: Word[] = [];
  for (const m of input.matchAll(ENCODED_WORD)) {
    const charset = (m[1] ?? '').split('*')[0] ?? '';
    const encoding = (m[2] ?? 'Q').toUpperCase() === 'B' ? 'B' : 'Q';
    const text = m[3] ?? '';
    words.push({
      start: m.index,
      end: m.index + m[0].length,
      charset,
      encoding,
      bytes: encoding === 'B' ? decodeB(text) : decodeQ(text),
    });
  }
  if (words.length === 0) return input;
  let out = '';
  let cursor = 0;
  let i = 0;
  while (i < words.length) {
    const first = words[i] as Word;
    out += input.slice(cursor, first.start);
    const group: Buffer[] = [first.bytes];
    let last = first;
    let j = i + 1;
    while (j < words.length) {
      const next = words[j] as Word;
      if (!/^[ \t\r\n]*$/.test(input.slice(last.end, next.start))) break;
      if (next.charset.toLowerCase() !== first.charset.toLowerCase()) {
        // Different charset: decode what we have, drop the separating whitespace, continue.
        break;
      }
      group.push(next.bytes);
      last = next;
      j++;
    }
    out += decodeCharset(Buffer.concat(group), first.charset).text;
    cursor = last.end;
    const following = words[j];
    if (following && /^[ \t\r\n]*$/.test(input.slice(cursor, following.start))) cursor = following.start;
    i = j;
  }
  out += input.slice(cursor);
  return out;
}
