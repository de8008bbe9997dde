import { toASCII, toUnicode } from 'punycode/';

export interface NormalizedAddress {
  /** `local@domain` with the domain in Unicode: the one form every lookup uses. */
  address: string;
  local: string;
  domain: string;
  /** The domain as A-labels (xn--), for DNS and for SMTP peers without SMTPUTF8. */
  asciiDomain: string;
}

const MAX_LOCAL_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;
// Anything a mailbox address may not contain even in RFC 6531 form: controls, spaces, specials outside quotes.
const FORBIDDEN_LOCAL = /[\p{Cc}\p{Z}()<>[\]\\,;:"@]/u;
const LABEL = /^(?!-)[\p{L}\p{N}\p{M}-]{1,63}(?<!-)$/u;
const ASCII_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * One canonical form per address: NFC, lowercased, domain in Unicode. `андрис@xn--80aalwqglfe.xn--c1avg`
 * and `Андрис@УАЙЛДДАК.орг` both become `андрис@уайлддак.орг`. Returns null for anything malformed,
 * so callers answer with a protocol error instead of storing junk.
 */
export const normalizeAddress = (input: string): NormalizedAddress | null => {
  const text = input
    .normalize('NFC')
    .trim()
    .replace(/^<(.*)>$/, '$1');
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return null;
  const local = text.slice(0, at).toLowerCase();
  const domain = normalizeDomain(text.slice(at + 1));
  if (!domain) return null;
  if ([...local].length > MAX_LOCAL_LENGTH || FORBIDDEN_LOCAL.test(local)) return null;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  return { address: `${local}@${domain.unicode}`, local, domain: domain.unicode, asciiDomain: domain.ascii };
};

/** A domain in both forms, or null when it is not a valid (internationalised) host name. */
export const normalizeDomain = (input: string): { unicode: string; ascii: string } | null => {
  const trimmed = input.normalize('NFC').trim().toLowerCase().replace(/\.$/, '');
  if (!trimmed || trimmed.length > MAX_DOMAIN_LENGTH) return null;
  let unicode: string;
  let ascii: string;
  try {
    unicode = toUnicode(trimmed).normalize('NFC').toLowerCase();
    ascii = toASCII(unicode).toLowerCase();
  } catch {
    return null;
  }
  const labels = unicode.split('.');
  if (labels.length < 1 || !labels.every((label) => LABEL.test(label))) return null;
  if (ascii.length > MAX_DOMAIN_LENGTH || !ascii.split('.').every((label) => ASCII_LABEL.test(label)))
    return null;
  return { unicode, ascii };
};

/** `local+tag` → `{ base: 'local', tag: 'tag' }`; the tag is what subaddressing strips. */
export const splitSubaddress = (local: string): { base: string; tag: string | null } => {
  const plus = local.indexOf('+');
  if (plus <= 0) return { base: local, tag: null };
  return { base: local.slice(0, plus), tag: local.slice(plus + 1) };
};
