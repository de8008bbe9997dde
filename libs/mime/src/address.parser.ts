import { domainToASCII, domainToUnicode } from 'node:url';

import { decodeEncodedWords } from './encoded-words.decoder';

/** One mailbox, with strings as they appear in the header (RFC 2047 words still encoded). */
export interface ParsedMailbox {
  kind: 'mailbox';
  name: string | null;
  /** Obsolete source route, e.g. `@a.example,@b.example`. */
  route: string | null;
  mailbox: string | null;
  host: string | null;
}

export interface ParsedGroup {
  kind: 'group';
  name: string;
  members: ParsedMailbox[];
}

export type AddressItem = ParsedMailbox | ParsedGroup;

/** A decoded address for display and search. */
export interface MailAddress {
  name: string;
  address: string;
}

type TokenType = 'atom' | 'quoted' | 'comment' | 'literal' | 'special';

interface Token {
  type: TokenType;
  value: string;
  spaceBefore: boolean;
}

const SPECIALS = '<>@,;:.';

function readDelimited(
  text: string,
  start: number,
  open: string,
  close: string,
): { value: string; end: number } {
  let depth = 0;
  let value = '';
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      value += text[++i] ?? '';
      continue;
    }
    if (ch === open && open !== close) depth++;
    else if (ch === close) {
      if (open === close || depth === 1) return { value, end: i + 1 };
      depth--;
    }
    if (i > start || open === close) value += ch;
  }
  return { value, end: i };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let space = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      space = true;
      i++;
      continue;
    }
    if (ch === '"') {
      const r = readDelimited(text, i + 1, '"', '"');
      tokens.push({ type: 'quoted', value: r.value, spaceBefore: space });
      i = r.end;
    } else if (ch === '(') {
      const r = readDelimited(text, i, '(', ')');
      tokens.push({ type: 'comment', value: r.value.trim(), spaceBefore: space });
      i = r.end;
    } else if (ch === '[') {
      const close = text.indexOf(']', i);
      const end = close === -1 ? text.length : close + 1;
      tokens.push({ type: 'literal', value: text.slice(i, end), spaceBefore: space });
      i = end;
    } else if (SPECIALS.includes(ch)) {
      tokens.push({ type: 'special', value: ch, spaceBefore: space });
      i++;
    } else {
      let j = i;
      while (j < text.length && !/[\s"([<>@,;:.]/.test(text[j] ?? '')) j++;
      tokens.push({ type: 'atom', value: text.slice(i, j), spaceBefore: space });
      i = j;
    }
    space = false;
  }
  return tokens;
}

/** Joins phrase words the way RFC 5322 reads them: runs of whitespace become one space. */
function phrase(tokens: Token[]): string | null {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'comment') continue;
    if (out !== '' && t.spaceBefore) out += ' ';
    out += t.value;
  }
  out = out.trim();
  return out === '' ? null : out;
}

function isSpecial(t: Token | undefined, ch: string): boolean {
  return t !== undefined && t.type === 'special' && t.value === ch;
}

function joinPlain(tokens: Token[]): string {
  return tokens
    .filter((t) => t.type !== 'comment')
    .map((t) => t.value)
    .join('');
}

function parseAddrSpec(tokens: Token[], name: string | null, route: string | null): ParsedMailbox {
  const at = tokens.map((t) => isSpecial(t, '@')).lastIndexOf(true);
  const local = joinPlain(at === -1 ? tokens : tokens.slice(0, at));
  const domain = at === -1 ? '' : joinPlain(tokens.slice(at + 1));
  return {
    kind: 'mailbox',
    name,
    route,
    mailbox: local === '' ? null : local,
    host: at === -1 || domain === '' ? null : domain,
  };
}

function parseMailbox(tokens: Token[]): ParsedMailbox | null {
  if (tokens.every((t) => t.type === 'comment')) return null;
  const open = tokens.findIndex((t) => isSpecial(t, '<'));
  if (open === -1) {
    // addr-spec form; a trailing comment is the traditional place for the person's name.
    const comments = tokens.filter((t) => t.type === 'comment' && t.value !== '');
    const name = comments.length > 0 ? (comments[comments.length - 1] as Token).value : null;
    return parseAddrSpec(tokens, name, null);
  }
  const closeRel = tokens.slice(open + 1).findIndex((t) => isSpecial(t, '>'));
  const inner = closeRel === -1 ? tokens.slice(open + 1) : tokens.slice(open + 1, open + 1 + closeRel);
  const name = phrase(tokens.slice(0, open));
  let route: string | null = null;
  let spec = inner;
  const colon = inner.findIndex((t) => isSpecial(t, ':'));
  if (isSpecial(inner[0], '@') && colon !== -1) {
    route = joinPlain(inner.slice(0, colon));
    spec = inner.slice(colon + 1);
  }
  return parseAddrSpec(spec, name, route);
}

/** Splits on top-level commas, skipping empty entries. */
function splitOn(tokens: Token[], sep: string): Token[][] {
  const out: Token[][] = [[]];
  for (const t of tokens) {
    if (isSpecial(t, sep)) out.push([]);
    else (out[out.length - 1] as Token[]).push(t);
  }
  return out.filter((list) => list.length > 0);
}

/**
 * Parses an address-list header value leniently. Groups (`name: a, b;`) are recognised by a
 * colon that appears before any `<` or `@`; everything else is a mailbox. Nothing throws.
 */
export function parseAddressList(value: string): AddressItem[] {
  const tokens = tokenize(value);
  const items: AddressItem[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    let groupColon = -1;
    while (j < tokens.length && !isSpecial(tokens[j], ',')) {
      const t = tokens[j];
      if (isSpecial(t, '<') || isSpecial(t, '@')) break;
      if (isSpecial(t, ':')) {
        groupColon = j;
        break;
      }
      j++;
    }
    if (groupColon !== -1) {
      let end = groupColon + 1;
      while (end < tokens.length && !isSpecial(tokens[end], ';')) end++;
      const members = splitOn(tokens.slice(groupColon + 1, end), ',')
        .map(parseMailbox)
        .filter((m): m is ParsedMailbox => m !== null);
      items.push({ kind: 'group', name: phrase(tokens.slice(i, groupColon)) ?? '', members });
      i = end + 1;
      continue;
    }
    let end = i;
    let inAngle = false;
    while (end < tokens.length) {
      const t = tokens[end];
      if (isSpecial(t, '<')) inAngle = true;
      else if (isSpecial(t, '>')) inAngle = false;
      else if (!inAngle && (isSpecial(t, ',') || isSpecial(t, ';'))) break;
      end++;
    }
    const mailbox = parseMailbox(tokens.slice(i, end));
    if (mailbox) items.push(mailbox);
    i = end + 1;
  }
  return items;
}

function unicodeDomain(host: string): string {
  if (!/(^|\.)xn--/i.test(host)) return host;
  const decoded = domainToUnicode(host);
  // Only labels that survive a round trip are genuine IDNA; anything else is shown as received.
  return decoded !== '' && domainToASCII(decoded) === host.toLowerCase() ? decoded : host;
}

/** Flattens groups and decodes names (RFC 2047) and IDN domains for display. */
export function decodeAddresses(items: AddressItem[]): MailAddress[] {
  const out: MailAddress[] = [];
  const add = (m: ParsedMailbox): void => {
    const local = m.mailbox ?? '';
    const address = m.host === null ? local : `${local}@${unicodeDomain(m.host)}`;
    if (address === '' && m.name === null) return;
    out.push({ name: m.name === null ? '' : decodeEncodedWords(m.name).trim(), address });
  };
  for (const item of items) {
    if (item.kind === 'group') item.members.forEach(add);
    else add(item);
  }
  return out;
}
