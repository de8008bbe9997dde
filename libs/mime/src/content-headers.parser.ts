import { decodeHeaderText, type RawHeaderLine } from './header-block.parser';
import { parseStructuredHeader } from './header-params.parser';
import type { ContentDisposition, ContentType, MimeNode } from './mime-tree.types';

export type ContentInfo = Pick<
  MimeNode,
  | 'contentType'
  | 'disposition'
  | 'transferEncoding'
  | 'contentId'
  | 'description'
  | 'language'
  | 'location'
  | 'md5'
>;

export type TransferEncodingKind = 'base64' | 'quoted-printable' | 'identity';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function defaultContentType(mediaType: 'text/plain' | 'message/rfc822'): ContentType {
  const [type = 'text', subtype = 'plain'] = mediaType.split('/');
  return { mediaType, type, subtype, params: [], wireParams: [], explicit: false };
}

export function parseContentType(text: string, fallback: ContentType): ContentType {
  const parsed = parseStructuredHeader(text);
  const slash = parsed.value.indexOf('/');
  const type = slash === -1 ? parsed.value : parsed.value.slice(0, slash).trim();
  let subtype = slash === -1 ? '' : parsed.value.slice(slash + 1).trim();
  // A bare "text" is common enough in old mail to be worth reading as text/plain.
  if (subtype === '' && type.toLowerCase() === 'text') subtype = 'plain';
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) {
    return { ...fallback, params: parsed.params, wireParams: parsed.wireParams };
  }
  return {
    mediaType: `${type}/${subtype}`.toLowerCase(),
    type,
    subtype,
    params: parsed.params,
    wireParams: parsed.wireParams,
    explicit: true,
  };
}

export function parseDisposition(text: string): ContentDisposition | null {
  const parsed = parseStructuredHeader(text);
  const raw = parsed.value.split(/\s/)[0] ?? '';
  if (raw === '') return null;
  return { value: raw.toLowerCase(), raw, params: parsed.params, wireParams: parsed.wireParams };
}

function firstToken(text: string): string | null {
  const token = text.trim().split(/[\s;(]/)[0] ?? '';
  return token === '' ? null : token;
}

export function transferEncodingKind(encoding: string | null): TransferEncodingKind {
  const lower = (encoding ?? '').toLowerCase();
  if (lower.includes('base64')) return 'base64';
  if (lower.startsWith('quoted') || lower === 'qp') return 'quoted-printable';
  return 'identity';
}

/** Only identity encodings can carry a message/rfc822 body that is itself parseable MIME. */
export function isIdentityEncoding(encoding: string | null): boolean {
  return transferEncodingKind(encoding) === 'identity' && !/uu/i.test(encoding ?? '');
}

function parseLanguage(text: string): string[] | null {
  const tags = text
    .replace(/\([^)]*\)/g, '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return tags.length > 0 ? tags : null;
}

/** Reads the Content-* fields of a header block; the first occurrence of each wins. */
export function parseContentHeaders(lines: RawHeaderLine[], fallback: ContentType): ContentInfo {
  const first = new Map<string, string>();
  for (const line of lines) {
    if (line.key !== null && line.key.startsWith('content-') && !first.has(line.key)) {
      first.set(line.key, decodeHeaderText(line.value));
    }
  }
  const get = (key: string): string | null => {
    const v = first.get(key);
    return v === undefined || v === '' ? null : v;
  };
  const ct = get('content-type');
  const cd = get('content-disposition');
  const cte = get('content-transfer-encoding');
  const lang = get('content-language');
  return {
    contentType: ct === null ? fallback : parseContentType(ct, fallback),
    disposition: cd === null ? null : parseDisposition(cd),
    transferEncoding: cte === null ? null : firstToken(cte),
    contentId: get('content-id'),
    description: get('content-description'),
    language: lang === null ? null : parseLanguage(lang),
    location: get('content-location'),
    md5: get('content-md5'),
  };
}
