import type { SearchCandidate, SearchDate, SearchKey } from '@eider/imap-core';
import { type Filter, ObjectId } from 'mongodb';
import type { MessageDocument } from '@eider/mailstore';

const DAY_MS = 86_400_000;
const dayStart = (date: SearchDate): Date => new Date(Date.UTC(date.year, date.month - 1, date.day));

const escapeRegex = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');

// System flags with their own indexed boolean field; the rest are matched in the flags array.
const FLAG_FIELDS: Record<string, 'unseen' | 'flagged' | 'deleted' | 'draft'> = {
  '\\seen': 'unseen',
  '\\flagged': 'flagged',
  '\\deleted': 'deleted',
  '\\draft': 'draft',
};

const dateFilter = (
  field: 'idate' | 'hdate' | 'created',
  op: 'before' | 'on' | 'since',
  date: SearchDate,
): Filter<MessageDocument> => {
  const start = dayStart(date);
  switch (op) {
    case 'before':
      return { [field]: { $lt: start } };
    case 'on':
      return { [field]: { $gte: start, $lt: new Date(start.getTime() + DAY_MS) } };
    case 'since':
      return { [field]: { $gte: start } };
  }
};

export interface SearchFilterOptions {
  /**
   * FerretDB v1 rejects $elemMatch on sub-documents. Without it a HEADER key can only be narrowed to
   * "some header has this name and some header has this value", a superset the caller must re-check.
   */
  elemMatch: boolean;
}

/** True when the filter for `key` may match more than the query does (see SearchFilterOptions). */
export const needsRecheck = (key: SearchKey, options: SearchFilterOptions): boolean => {
  switch (key.type) {
    case 'header':
      return !options.elemMatch && key.value !== '';
    case 'date':
      return key.field === 'sent';
    case 'and':
      return key.keys.some((inner) => needsRecheck(inner, options));
    case 'or':
      return needsRecheck(key.left, options) || needsRecheck(key.right, options);
    case 'not':
      return needsRecheck(key.key, options);
    default:
      return false;
  }
};

// Time zones span UTC-12 to UTC+14: a Date header's own calendar day lies within this of its UTC day.
const ZONE_SLACK_MS = 14 * 3_600_000;

/**
 * SENT* compare the Date header's calendar day as written, ignoring its zone (RFC 3501), which the UTC
 * timestamp alone cannot tell; this widened range is a superset that the recheck narrows.
 */
const sentDateFilter = (op: 'before' | 'on' | 'since', date: SearchDate): Filter<MessageDocument> => {
  const start = dayStart(date).getTime();
  switch (op) {
    case 'before':
      return { hdate: { $lt: new Date(start + ZONE_SLACK_MS) } };
    case 'on':
      return {
        hdate: { $gte: new Date(start - ZONE_SLACK_MS), $lt: new Date(start + DAY_MS + ZONE_SLACK_MS) },
      };
    case 'since':
      return { hdate: { $gte: new Date(start - ZONE_SLACK_MS) } };
  }
};

// Address headers also match their parsed addresses, so comments and quoting in the raw header do not hide one.
const ADDRESS_HEADERS = new Set(['from', 'to', 'cc', 'bcc']);

/**
 * Translates a SEARCH query into one MongoDB filter, so the database (and its indexes) does the work
 * instead of this process loading messages. Text keys use the stored decoded text and lowercased
 * header values, the same data the webmail searches.
 */
export const searchFilter = (key: SearchKey, options: SearchFilterOptions): Filter<MessageDocument> => {
  const recurse = (inner: SearchKey) => searchFilter(inner, options);
  switch (key.type) {
    case 'all':
      return {};
    case 'and':
      return key.keys.length === 0 ? {} : { $and: key.keys.map(recurse) };
    case 'or':
      return { $or: [recurse(key.left), recurse(key.right)] };
    case 'not':
      // A superset under NOT would drop true matches; a recheck covers it, so NOT keeps every candidate.
      return needsRecheck(key.key, options) ? {} : { $nor: [recurse(key.key)] };
    case 'uid':
      return { $or: key.ranges.map(([from, to]) => ({ uid: { $gte: from, $lte: to } })) };
    case 'flag': {
      const field = FLAG_FIELDS[key.flag.toLowerCase()];
      if (field === 'unseen') return { unseen: !key.present };
      if (field) return { [field]: key.present };
      // \Recent is never set (see the IMAP core's notes), so RECENT matches nothing and OLD everything.
      if (key.flag.toLowerCase() === '\\recent') return key.present ? { _id: { $exists: false } } : {};
      return key.present ? { flags: key.flag } : { flags: { $ne: key.flag } };
    }
    case 'date':
      if (key.field === 'internal') return dateFilter('idate', key.op, key.date);
      if (key.field === 'saved') return dateFilter('created', key.op, key.date);
      return sentDateFilter(key.op, key.date);
    case 'size':
      return { sizeCrlf: key.op === 'larger' ? { $gt: key.value } : { $lt: key.value } };
    case 'header': {
      const name = key.name.toLowerCase();
      if (key.value === '') return { 'searchHeaders.key': name };
      const value = escapeRegex(key.value.toLowerCase());
      const raw = options.elemMatch
        ? { searchHeaders: { $elemMatch: { key: name, value } } }
        : { 'searchHeaders.key': name, 'searchHeaders.value': value };
      return ADDRESS_HEADERS.has(name) ? { $or: [raw, { [`addresses.${name}`]: value }] } : raw;
    }
    case 'body':
      return { text: escapeRegex(key.value) };
    case 'text': {
      const pattern = escapeRegex(key.value);
      return { $or: [{ text: pattern }, { 'searchHeaders.value': escapeRegex(key.value.toLowerCase()) }] };
    }
    case 'modseq':
      return { modseq: { $gte: key.value } };
    case 'emailId':
      return { emailId: key.value };
    case 'threadId':
      return { thread: threadObjectId(key.value) };
  }
};

/** THREADID on the wire is `T` plus the conversation's ObjectId; anything else names no thread. */
const threadObjectId = (value: string): ObjectId =>
  /^T[0-9a-f]{24}$/.test(value) ? new ObjectId(value.slice(1)) : new ObjectId('000000000000000000000000');

/** What re-checking a candidate in this process needs from its document. */
export const RECHECK_FIELDS = [
  'uid',
  'modseq',
  'flags',
  'idate',
  'hdate',
  'sizeCrlf',
  'searchHeaders',
  'addresses',
  'text',
  'emailId',
  'thread',
  'created',
] as const satisfies readonly (keyof MessageDocument)[];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The Date header's own calendar day as UTC midnight, or the parsed timestamp when the text is odd. */
const sentDay = (dateHeader: string | undefined, parsed: Date | null): Date | null => {
  const match = dateHeader && /(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})/i.exec(dateHeader);
  const month = match ? MONTHS.indexOf(match[2]!.toLowerCase()) : -1;
  if (!match || month < 0) return parsed;
  let year = Number(match[3]);
  if (year < 100) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, month, Number(match[1])));
};

export const searchCandidate = (
  message: Pick<
    MessageDocument,
    'uid' | 'modseq' | 'flags' | 'idate' | 'hdate' | 'sizeCrlf' | 'searchHeaders' | 'addresses' | 'text'
  > &
    Partial<Pick<MessageDocument, 'emailId' | 'thread' | 'created'>>,
): SearchCandidate => ({
  uid: message.uid,
  modseq: message.modseq,
  flags: message.flags,
  internalDate: message.idate,
  size: message.sizeCrlf,
  sentDate: sentDay(message.searchHeaders.find((header) => header.key === 'date')?.value, message.hdate),
  headerValues: (name) => [
    ...message.searchHeaders.filter((header) => header.key === name).map((header) => header.value),
    ...(ADDRESS_HEADERS.has(name) ? message.addresses[name as keyof MessageDocument['addresses']] : []),
  ],
  headerText: () => message.searchHeaders.map((header) => `${header.key}: ${header.value}`).join('\r\n'),
  bodyText: () => message.text,
  ...(message.emailId === undefined ? {} : { emailId: message.emailId }),
  threadId: message.thread ? `T${message.thread.toHexString()}` : null,
  saveDate: message.created ?? null,
});
