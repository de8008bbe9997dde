import { ImapSyntaxError, type ImapToken, tokenAtom, tokenList } from '../protocol/command-tokens';
import type { SortAddress, SortRecord } from '../imap-backend';
import { extractBaseSubject } from './base-subject';
import { collationKey, compareCodePoints } from './collation';

export type SortKeyName =
  'ARRIVAL' | 'CC' | 'DATE' | 'FROM' | 'SIZE' | 'SUBJECT' | 'TO' | 'DISPLAYFROM' | 'DISPLAYTO';

export interface SortCriterion {
  key: SortKeyName;
  reverse: boolean;
}

const KEYS: ReadonlySet<string> = new Set<SortKeyName>([
  'ARRIVAL',
  'CC',
  'DATE',
  'FROM',
  'SIZE',
  'SUBJECT',
  'TO',
  'DISPLAYFROM',
  'DISPLAYTO',
]);

/** Parses SORT's parenthesised criteria; unknown keys and a dangling REVERSE are BAD. */
export function parseSortCriteria(token: ImapToken | undefined): SortCriterion[] {
  const items = tokenList(token, 'sort criteria');
  if (items.length === 0) throw new ImapSyntaxError('Empty sort criteria');
  const criteria: SortCriterion[] = [];
  let reverse = false;
  for (const item of items) {
    const word = tokenAtom(item, 'sort key').toUpperCase();
    if (word === 'REVERSE') {
      if (reverse) throw new ImapSyntaxError('REVERSE twice');
      reverse = true;
      continue;
    }
    if (!KEYS.has(word)) throw new ImapSyntaxError(`Unknown sort key ${word.slice(0, 30)}`);
    criteria.push({ key: word as SortKeyName, reverse });
    reverse = false;
  }
  if (reverse) throw new ImapSyntaxError('REVERSE without a sort key');
  return criteria;
}

/** RFC 5256 sent date: the Date header, or INTERNALDATE when it is missing or unusable; UTC ms. */
export function sentTime(record: SortRecord): number {
  const sent = record.sentDate?.getTime();
  return sent !== undefined && Number.isFinite(sent) ? sent : record.internalDate.getTime();
}

/** RFC 5957 display name: the decoded display name, else the addr-spec. */
function displayOf(address: SortAddress | null): string {
  if (!address) return '';
  if (address.name.trim() !== '') return address.name;
  return address.host === '' ? address.mailbox : `${address.mailbox}@${address.host}`;
}

type Column = Float64Array | string[];

function column(records: readonly SortRecord[], key: SortKeyName): Column {
  const n = records.length;
  const numbers = (f: (r: SortRecord) => number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = f(records[i] as SortRecord);
    return out;
  };
  const strings = (f: (r: SortRecord) => string): string[] => records.map((r) => collationKey(f(r)));
  switch (key) {
    case 'ARRIVAL':
      return numbers((r) => r.internalDate.getTime());
    case 'DATE':
      return numbers(sentTime);
    case 'SIZE':
      return numbers((r) => r.size);
    case 'SUBJECT':
      return strings((r) => extractBaseSubject(r.subject).subject);
    case 'FROM':
      return strings((r) => r.from?.mailbox ?? '');
    case 'TO':
      return strings((r) => r.to?.mailbox ?? '');
    case 'CC':
      return strings((r) => r.cc?.mailbox ?? '');
    case 'DISPLAYFROM':
      return strings((r) => displayOf(r.from));
    case 'DISPLAYTO':
      return strings((r) => displayOf(r.to));
  }
}

/**
 * The UIDs of `records` in SORT order. Keys are computed once per record (a subject's base form
 * is not cheap), then indices are sorted; full ties fall back to UID order, which is mailbox order.
 */
export function sortRecords(records: readonly SortRecord[], criteria: readonly SortCriterion[]): number[] {
  const columns = criteria.map((c) => ({ values: column(records, c.key), sign: c.reverse ? -1 : 1 }));
  const order = records.map((_, i) => i);
  order.sort((a, b) => {
    for (const { values, sign } of columns) {
      const x = values[a] as number | string;
      const y = values[b] as number | string;
      const d = typeof x === 'number' ? x - (y as number) : compareCodePoints(x, y as string);
      if (d !== 0) return d * sign;
    }
    return (records[a] as SortRecord).uid - (records[b] as SortRecord).uid;
  });
  return order.map((i) => (records[i] as SortRecord).uid);
}
