import {
  decodeEncodedWords,
  decodeSubject,
  extractMessageIds,
  getHeaderValue,
  type MimeNode,
  parseAddressList,
  type ParsedMessage,
  parseDateHeader,
} from '@eider/mime';

import type { SortAddress, SortRecord } from '../imap-backend';

/** The stored fields of an in-memory message that SORT and THREAD look at. */
export interface SortSource {
  uid: number;
  internalDate: Date;
  size: number;
}

/** The first address of a header; a group counts as one whose mailbox is the group's name (as Dovecot). */
export function firstAddress(value: string | null): SortAddress | null {
  if (value === null) return null;
  for (const item of parseAddressList(value)) {
    if (item.kind === 'group') return { mailbox: item.name, host: '', name: '' };
    const mailbox = item;
    return {
      mailbox: mailbox.mailbox ?? '',
      host: mailbox.host ?? '',
      name: mailbox.name === null ? '' : decodeEncodedWords(mailbox.name).trim(),
    };
  }
  return null;
}

/** A SortRecord straight from a parsed header block. */
export function sortRecordOf(source: SortSource, tree: MimeNode): SortRecord {
  const header = (name: string): string | null => getHeaderValue(tree, name);
  return {
    uid: source.uid,
    internalDate: source.internalDate,
    size: source.size,
    sentDate: parseDateHeader(header('date')),
    subject: decodeSubject(header('subject')),
    from: firstAddress(header('from')),
    to: firstAddress(header('to')),
    cc: firstAddress(header('cc')),
    messageId: extractMessageIds(header('message-id'))[0] ?? null,
    inReplyTo: extractMessageIds(header('in-reply-to'))[0] ?? null,
    references: extractMessageIds(header('references')),
  };
}

/** The memory backend's `sortData`: records of the listed messages that still exist. */
export function memorySortData<M extends SortSource>(
  messages: readonly M[],
  uids: readonly number[],
  parsed: (m: M) => ParsedMessage,
): Promise<SortRecord[]> {
  const wanted = new Set(uids);
  return Promise.resolve(
    messages.filter((m) => wanted.has(m.uid)).map((m) => sortRecordOf(m, parsed(m).tree)),
  );
}
