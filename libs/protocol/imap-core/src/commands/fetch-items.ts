import { type SectionSpec, parseSectionSpec } from '@eider/mime';

import { ImapSyntaxError, type ImapToken, tokenAtom } from '../protocol/command-tokens';
import { type BinaryFetchItem, isBinaryItemName, parseBinaryItem } from './binary-section';

export type FetchItem =
  | {
      kind:
        | 'FLAGS'
        | 'UID'
        | 'INTERNALDATE'
        | 'RFC822.SIZE'
        | 'ENVELOPE'
        | 'BODY'
        | 'BODYSTRUCTURE'
        | 'MODSEQ'
        | 'EMAILID'
        | 'THREADID'
        | 'SAVEDATE'
        | 'PREVIEW';
    }
  | {
      kind: 'section';
      /** Response label without the partial, e.g. `BODY[HEADER]` or `RFC822`. */
      label: string;
      spec: SectionSpec;
      /** Whether fetching it sets \Seen. */
      setsSeen: boolean;
    }
  | BinaryFetchItem;

const SIMPLE = new Set([
  'FLAGS',
  'UID',
  'INTERNALDATE',
  'RFC822.SIZE',
  'ENVELOPE',
  'BODY',
  'BODYSTRUCTURE',
  'MODSEQ',
  'EMAILID',
  'THREADID',
  'SAVEDATE',
  'PREVIEW',
]);
const MACROS: Record<string, string[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};
const SECTION_RE = /^(BODY|BODY\.PEEK)\[([^\]]*)\](?:<(\d{1,10})(?:\.(\d{1,10}))?>)?$/is;

function section(label: string, text: string, setsSeen: boolean): FetchItem {
  try {
    return { kind: 'section', label, spec: parseSectionSpec(text), setsSeen };
  } catch {
    throw new ImapSyntaxError('Invalid section');
  }
}

function parseItem(raw: string): FetchItem {
  const upper = raw.toUpperCase();
  if (SIMPLE.has(upper)) return { kind: upper as 'FLAGS' };
  if (upper === 'RFC822') return section('RFC822', '', true);
  if (upper === 'RFC822.HEADER') return section('RFC822.HEADER', 'HEADER', false);
  if (upper === 'RFC822.TEXT') return section('RFC822.TEXT', 'TEXT', true);
  if (isBinaryItemName(raw)) return parseBinaryItem(raw);
  const m = SECTION_RE.exec(raw);
  if (!m) throw new ImapSyntaxError(`Unknown FETCH item ${raw.slice(0, 40)}`);
  const inner = m[2] as string;
  const partial = m[3] === undefined ? '' : `<${m[3]}${m[4] === undefined ? '' : `.${m[4]}`}>`;
  if (m[4] !== undefined && Number(m[4]) === 0) throw new ImapSyntaxError('Invalid partial');
  return section(`BODY[${inner}]`, `${inner}${partial}`, (m[1] as string).toUpperCase() === 'BODY');
}

/** Parses the FETCH item argument (macro, single item or list). */
export function parseFetchItems(token: ImapToken | undefined, uid: boolean): FetchItem[] {
  if (token === undefined) throw new ImapSyntaxError('Missing FETCH items');
  const raws: string[] = [];
  if (token.type === 'list') {
    if (token.items.length === 0) throw new ImapSyntaxError('Empty FETCH item list');
    for (const [index, item] of token.items.entries()) {
      // RFC 8970 `PREVIEW (LAZY)`: a preview is always at hand here, so LAZY changes nothing.
      if (item.type === 'list' && /^PREVIEW$/i.test(raws[raws.length - 1] ?? '') && index > 0) {
        if (item.items.length !== 1 || tokenAtom(item.items[0], 'PREVIEW modifier').toUpperCase() !== 'LAZY')
          throw new ImapSyntaxError('Invalid PREVIEW modifier');
        continue;
      }
      raws.push(tokenAtom(item, 'FETCH item'));
    }
  } else {
    const a = tokenAtom(token, 'FETCH item');
    const macro = MACROS[a.toUpperCase()];
    if (macro) raws.push(...macro);
    else raws.push(a);
  }
  const items = raws.map(parseItem);
  if (uid && !items.some((i) => i.kind === 'UID')) items.unshift({ kind: 'UID' });
  return items;
}
