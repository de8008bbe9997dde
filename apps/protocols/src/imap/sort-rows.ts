import type { SortAddress, SortRecord } from '@eider/imap-core';
import type { MessageDocument } from '@eider/mailstore';
import { decodeEncodedWords, type EnvelopeAddress, extractMessageIds } from '@eider/mime';

/** The light message fields a sort row is made from; nothing here is heavy (no tree, text or html). */
export const SORT_FIELDS = [
  'uid',
  'idate',
  'hdate',
  'sizeCrlf',
  'subject',
  'envelope',
  'msgid',
  'threadRefs',
] as const satisfies readonly (keyof MessageDocument)[];

export type SortSource = Pick<MessageDocument, (typeof SORT_FIELDS)[number]>;

// The envelope builder's stand-ins for parts an address lacks; for sorting they are simply missing.
const PLACEHOLDERS = new Set(['MISSING_MAILBOX', 'MISSING_DOMAIN']);
const part = (value: string | null): string => (value === null || PLACEHOLDERS.has(value) ? '' : value);

/**
 * The first address of an envelope list. A group's start marker (host NIL, the group's name as mailbox)
 * counts as an address whose mailbox is that name, as in Dovecot and ImapTest's sort tests; only the end
 * marker (mailbox NIL too) is skipped.
 */
function firstAddress(list: readonly EnvelopeAddress[] | null | undefined): SortAddress | null {
  for (const a of list ?? []) {
    if (a.mailbox === null) continue;
    if (a.host === null) return { mailbox: a.mailbox, host: '', name: '' };
    return {
      mailbox: part(a.mailbox),
      host: part(a.host),
      name: a.name === null ? '' : decodeEncodedWords(a.name).trim(),
    };
  }
  return null;
}

/**
 * A SortRecord from a stored message. The store keeps Message-ID, In-Reply-To and References only as
 * `threadRefs` (lower-cased, own id first, then In-Reply-To, then References, duplicates dropped), so
 * the References chain is rebuilt from it with In-Reply-To last, and every id compares lower-cased.
 */
export function sortRecordFrom(doc: SortSource): SortRecord {
  const own = doc.msgid?.toLowerCase() ?? null;
  const inReplyTo = extractMessageIds(doc.envelope?.inReplyTo ?? null)[0]?.toLowerCase() ?? null;
  const references = (doc.threadRefs ?? []).filter((id) => id !== own && id !== inReplyTo);
  if (inReplyTo !== null) references.push(inReplyTo);
  return {
    uid: doc.uid,
    internalDate: doc.idate,
    size: doc.sizeCrlf,
    sentDate: doc.hdate ?? null,
    subject: doc.subject ?? '',
    from: firstAddress(doc.envelope?.from),
    to: firstAddress(doc.envelope?.to),
    cc: firstAddress(doc.envelope?.cc),
    messageId: own,
    inReplyTo,
    references,
  };
}

type PackedAddress = [string, string, string] | null;
type PackedRow = [
  number,
  number,
  number | null,
  string,
  PackedAddress,
  PackedAddress,
  PackedAddress,
  string | null,
  string | null,
  string[],
];

const packAddress = (a: SortAddress | null): PackedAddress => (a ? [a.mailbox, a.host, a.name] : null);
const unpackAddress = (p: unknown): SortAddress | null => {
  if (!Array.isArray(p) || p.length !== 3 || !p.every((x) => typeof x === 'string')) return null;
  const [mailbox, host, name] = p as [string, string, string];
  return { mailbox, host, name };
};

/** A row as stored in the Redis hash: a positional JSON array, without the UID (the field name). */
export function packRow(r: SortRecord): string {
  const row: PackedRow = [
    r.internalDate.getTime(),
    r.size,
    r.sentDate ? r.sentDate.getTime() : null,
    r.subject,
    packAddress(r.from),
    packAddress(r.to),
    packAddress(r.cc),
    r.messageId,
    r.inReplyTo,
    [...r.references],
  ];
  return JSON.stringify(row);
}

const nullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** The record of a stored row, or null for anything malformed (treated as a cache miss). */
export function unpackRow(uid: number, text: string): SortRecord | null {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(row) || row.length !== 10) return null;
  const [idate, size, hdate, subject, from, to, cc, messageId, inReplyTo, references] = row as unknown[];
  if (typeof idate !== 'number' || typeof size !== 'number' || typeof subject !== 'string') return null;
  if (
    (hdate !== null && typeof hdate !== 'number') ||
    !nullableString(messageId) ||
    !nullableString(inReplyTo)
  )
    return null;
  if (!Array.isArray(references) || !references.every((x) => typeof x === 'string')) return null;
  return {
    uid,
    internalDate: new Date(idate),
    size,
    sentDate: hdate === null ? null : new Date(hdate),
    subject,
    from: unpackAddress(from),
    to: unpackAddress(to),
    cc: unpackAddress(cc),
    messageId,
    inReplyTo,
    references,
  };
}
