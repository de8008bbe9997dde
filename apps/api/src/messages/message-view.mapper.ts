import {
  decodeAddresses,
  decodeEncodedWords,
  extractMessageIds,
  getHeaderValue,
  parseAddressList,
  type AttachmentInfo,
  type EnvelopeAddress,
  type MailAddress,
  type MimeParam,
} from '@eider/mime';
import type { MessageDocument, MessageListItem } from '@eider/mailstore';

export interface AddressView {
  name: string;
  address: string;
}

export interface ContentTypeView {
  value: string;
  params: Record<string, string>;
}

export interface MessageFlagsView {
  seen: boolean;
  deleted: boolean;
  flagged: boolean;
  draft: boolean;
  answered: boolean;
  forwarded: boolean;
}

export interface MessageListItemView extends MessageFlagsView {
  id: number;
  mailbox: string;
  thread: string;
  from: AddressView | null;
  to: AddressView[];
  cc: AddressView[];
  bcc: AddressView[];
  messageId: string;
  subject: string;
  date: string;
  idate: string;
  intro: string;
  attachments: boolean;
  size: number;
  contentType: ContentTypeView;
}

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  disposition: string;
  transferEncoding: string;
  related: boolean;
  sizeKb: number;
  size: number;
  url: string;
}

/** Attachments are addressed as WildDuck does, `ATT00001` upwards, in stored (document) order. */
export const attachmentId = (index: number): string => `ATT${String(index + 1).padStart(5, '0')}`;

/** The index of an attachment id, or null when the id is not of that form. */
export const attachmentIndex = (id: string): number | null => {
  const match = /^ATT(\d{1,9})$/i.exec(id);
  if (!match) return null;
  const index = Number(match[1]) - 1;
  return index >= 0 ? index : null;
};

export const flagsView = (flags: readonly string[]): MessageFlagsView => {
  const has = (flag: string) => flags.some((candidate) => candidate.toLowerCase() === flag.toLowerCase());
  return {
    seen: has('\\Seen'),
    deleted: has('\\Deleted'),
    flagged: has('\\Flagged'),
    draft: has('\\Draft'),
    answered: has('\\Answered'),
    forwarded: has('$Forwarded'),
  };
};

const paramsObject = (params: readonly MimeParam[] | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  // Parameter names come from the message: a null-prototype-free copy keyed by lowercase name only.
  for (const param of params ?? []) {
    const name = param.name.toLowerCase();
    if (name !== '__proto__' && !(name in out)) out[name] = param.value;
  }
  return out;
};

/** Envelope entries to display addresses; group markers are skipped, names are RFC 2047 decoded. */
export const envelopeAddresses = (list: readonly EnvelopeAddress[] | null | undefined): AddressView[] =>
  (list ?? [])
    .filter((entry) => entry.host !== null && entry.mailbox !== null)
    .map((entry) => ({
      name: entry.name ? decodeEncodedWords(entry.name) : '',
      address: `${entry.mailbox ?? ''}@${entry.host ?? ''}`,
    }));

const headerAddresses = (message: MessageDocument, key: string): MailAddress[] => {
  const value = getHeaderValue(message.tree, key);
  return value === null ? [] : decodeAddresses(parseAddressList(value));
};

const isoDate = (date: Date | null | undefined, fallback: Date): string => (date ?? fallback).toISOString();

export const listItemView = (item: MessageListItem): MessageListItemView => ({
  id: item.uid,
  mailbox: item.mailbox.toHexString(),
  thread: item.thread.toHexString(),
  from: envelopeAddresses(item.envelope.from)[0] ?? null,
  to: envelopeAddresses(item.envelope.to),
  cc: envelopeAddresses(item.envelope.cc),
  bcc: envelopeAddresses(item.envelope.bcc),
  messageId: item.msgid ?? '',
  subject: item.subject,
  date: isoDate(item.hdate, item.idate),
  idate: item.idate.toISOString(),
  intro: item.preview,
  attachments: item.hasAttachments,
  size: item.size,
  ...flagsView(item.flags),
  contentType: {
    value: item.tree?.contentType?.mediaType ?? 'text/plain',
    params: paramsObject(item.tree?.contentType?.params),
  },
});

export const attachmentsView = (attachments: readonly AttachmentInfo[], baseUrl: string): AttachmentView[] =>
  attachments.map((attachment, index) => ({
    id: attachmentId(index),
    filename: attachment.filename ?? '',
    contentType: attachment.contentType,
    disposition: attachment.disposition ?? 'attachment',
    transferEncoding: attachment.transferEncoding ?? '7bit',
    related: attachment.related,
    sizeKb: Math.round(attachment.decodedSize / 1024),
    size: attachment.decodedSize,
    url: `${baseUrl}/attachments/${attachmentId(index)}`,
  }));

/** The header-derived part of a full message view (addresses, ids, list information, raw headers). */
export const messageHeadersView = (message: MessageDocument) => {
  const from = headerAddresses(message, 'from');
  const sender = headerAddresses(message, 'sender');
  const replyTo = headerAddresses(message, 'reply-to');
  const listUnsubscribe = getHeaderValue(message.tree, 'list-unsubscribe');
  return {
    from: from[0] ?? sender[0] ?? null,
    replyTo,
    to: headerAddresses(message, 'to'),
    cc: headerAddresses(message, 'cc'),
    bcc: headerAddresses(message, 'bcc'),
    references: extractMessageIds(getHeaderValue(message.tree, 'references')),
    inReplyTo: extractMessageIds(getHeaderValue(message.tree, 'in-reply-to'))[0] ?? null,
    ...(message.listId || listUnsubscribe
      ? { list: { id: message.listId ?? '', unsubscribe: listUnsubscribe ?? '' } }
      : {}),
    headers: message.tree.headers.map(({ key, value }) => ({ key, value })),
    contentType: {
      value: message.tree.contentType.mediaType,
      params: paramsObject(message.tree.contentType.params),
    },
  };
};
