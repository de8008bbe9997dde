import { decodeAddresses, type MailAddress, parseAddressList } from './address.parser';
import { type AttachmentInfo, listAttachments } from './attachment.classifier';
import { buildBodyStructure, type BodyStructure } from './body-structure.builder';
import { buildEnvelope, type Envelope } from './envelope.builder';
import { getHeaderValue } from './header-block.parser';
import {
  decodeSubject,
  extractMessageIds,
  firstMessageId,
  parseDateHeader,
  parseListId,
} from './header-values.decoder';
import { htmlToText, makePreview } from './html-text.converter';
import { messageSize, messageSizeCrlf } from './message-rebuilder';
import type { MimeNode } from './mime-tree.types';
import type { ExtractedText } from './text-capture.collector';
import { buildThreadKey, type ThreadKey } from './thread-key.helper';

/** Everything a store wants to index about a message, computed once at parse time. Plain data. */
export interface MessageSummary {
  /** RFC822.SIZE: exactly the number of bytes the rebuild produces. */
  size: number;
  /** Size after bare LF -> CRLF normalisation (what a CRLF-normalising protocol sends). */
  sizeCrlf: number;
  envelope: Envelope;
  bodyStructure: BodyStructure;
  /** Date header; null when absent or unparseable. */
  date: Date | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** RFC 2047 decoded subject ('' when absent). */
  subject: string;
  from: MailAddress[];
  sender: MailAddress[];
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  listId: string | null;
  text: ExtractedText | null;
  html: ExtractedText | null;
  /** About `previewLength` characters of body text, whitespace collapsed. */
  preview: string;
  attachments: AttachmentInfo[];
  /** True when there is at least one attachment that is not a cid-referenced inline resource. */
  hasAttachments: boolean;
  thread: ThreadKey;
}

export interface SummaryTexts {
  text: ExtractedText | null;
  html: ExtractedText | null;
}

export const DEFAULT_PREVIEW_LENGTH = 200;

export function buildMessageSummary(
  tree: MimeNode,
  texts: SummaryTexts,
  previewLength = DEFAULT_PREVIEW_LENGTH,
): MessageSummary {
  const header = (key: string): string | null => getHeaderValue(tree, key);
  const addresses = (key: string): MailAddress[] => {
    const value = header(key);
    return value === null ? [] : decodeAddresses(parseAddressList(value));
  };
  const subject = decodeSubject(header('subject'));
  const attachments = listAttachments(tree, texts.html?.content ?? null);
  const previewSource = texts.text?.content ?? (texts.html ? htmlToText(texts.html.content) : '');
  return {
    size: messageSize(tree),
    sizeCrlf: messageSizeCrlf(tree),
    envelope: buildEnvelope(tree),
    bodyStructure: buildBodyStructure(tree),
    date: parseDateHeader(header('date')),
    messageId: firstMessageId(header('message-id')),
    inReplyTo: firstMessageId(header('in-reply-to')),
    references: extractMessageIds(header('references')),
    subject,
    from: addresses('from'),
    sender: addresses('sender'),
    replyTo: addresses('reply-to'),
    to: addresses('to'),
    cc: addresses('cc'),
    bcc: addresses('bcc'),
    listId: parseListId(header('list-id')),
    text: texts.text,
    html: texts.html,
    preview: makePreview(previewSource, previewLength),
    attachments,
    hasAttachments: attachments.some((a) => !a.related),
    thread: buildThreadKey(subject, header('message-id'), header('in-reply-to'), header('references')),
  };
}
