import { ObjectId } from 'mongodb';
import type { MailAddress, MimeNode, ParsedMessage } from '@eider/mime';
import { flagFields } from './message-flags';
import type { MessageDocument, SearchHeader } from './message.document';
import { buildThreadRefs } from './thread-resolver';
import { uidBlockOf } from './uid-block';

const SEARCH_HEADER_VALUE_LIMIT = 256;
const SEARCH_HEADER_COUNT_LIMIT = 200;

const lowerAddresses = (list: MailAddress[]): string[] =>
  list.flatMap(({ name, address }) => [address.toLowerCase(), name.toLowerCase()].filter(Boolean));

/** The external keys of a tree, once per reference (a body stored twice holds two references). */
export const collectExternalKeys = (node: MimeNode, keys: string[] = []): string[] => {
  if (node.body?.kind === 'external') keys.push(node.body.key);
  if (node.multipart) {
    if (node.multipart.preamble?.kind === 'external') keys.push(node.multipart.preamble.key);
    for (const part of node.multipart.parts) collectExternalKeys(part.node, keys);
    if (node.multipart.epilogue?.kind === 'external') keys.push(node.multipart.epilogue.key);
  }
  if (node.message) collectExternalKeys(node.message, keys);
  return keys;
};

export interface MessagePlacement {
  user: ObjectId;
  mailbox: ObjectId;
  uid: number;
  modseq: number;
  thread: ObjectId;
  flags: string[];
  idate: Date;
}

export const threadRefsOf = (parsed: ParsedMessage): string[] =>
  buildThreadRefs(parsed.summary.messageId, parsed.summary.references, parsed.summary.inReplyTo);

/**
 * Decoded text may hold NUL (quoted-printable `=00`, an encoded-word) even when the raw bytes are fine, and
 * PostgreSQL under FerretDB refuses NUL in strings, which would turn one odd message into a delivery that
 * fails forever. Only decoded strings are cleaned: the raw bytes live in Buffers and rebuild unchanged.
 */
export const stripNuls = <T>(value: T): T => {
  if (typeof value === 'string')
    return (value.includes('\u0000') ? value.split('\u0000').join('') : value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => stripNuls(item)) as T;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date)
    return value;
  if (value instanceof ObjectId) return value;
  const cleaned: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) cleaned[key] = stripNuls(item);
  return cleaned as T;
};

export const buildMessageDocument = (parsed: ParsedMessage, placement: MessagePlacement): MessageDocument =>
  stripNuls(assembleDocument(parsed, placement));

const assembleDocument = (parsed: ParsedMessage, placement: MessagePlacement): MessageDocument => {
  const { summary, tree } = parsed;
  const searchHeaders: SearchHeader[] = tree.headers
    .slice(0, SEARCH_HEADER_COUNT_LIMIT)
    .map(({ key, value }) => ({ key, value: value.toLowerCase().slice(0, SEARCH_HEADER_VALUE_LIMIT) }));
  const id = new ObjectId();
  return {
    _id: id,
    user: placement.user,
    mailbox: placement.mailbox,
    uid: placement.uid,
    uidBlock: uidBlockOf(placement.uid),
    modseq: placement.modseq,
    emailId: `M${id.toHexString()}`,
    thread: placement.thread,
    threadRefs: threadRefsOf(parsed),
    ...flagFields(placement.flags),
    idate: placement.idate,
    hdate: summary.date,
    size: summary.size,
    sizeCrlf: summary.sizeCrlf,
    msgid: summary.messageId,
    subject: summary.subject,
    tree,
    envelope: summary.envelope,
    bodyStructure: summary.bodyStructure,
    addresses: {
      from: lowerAddresses([...summary.from, ...summary.sender]),
      to: lowerAddresses(summary.to),
      cc: lowerAddresses(summary.cc),
      bcc: lowerAddresses(summary.bcc),
    },
    searchHeaders,
    text: summary.text?.content ?? '',
    html: summary.html?.content ?? '',
    preview: summary.preview,
    attachments: summary.attachments,
    hasAttachments: summary.hasAttachments,
    listId: summary.listId,
    externalKeys: collectExternalKeys(tree),
    created: new Date(),
  };
};
