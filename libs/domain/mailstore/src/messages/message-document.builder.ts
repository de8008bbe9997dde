import { ObjectId } from 'mongodb';
import type { MailAddress, MimeNode, ParsedMessage } from '@eider/mime';
import { flagFields } from './message-flags';
import type { MessageDocument, SearchHeader } from './message.document';
import { buildThreadRefs } from './thread-resolver';

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

export const buildMessageDocument = (parsed: ParsedMessage, placement: MessagePlacement): MessageDocument => {
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
