// Recipients, subject and quoted body of replies and forwards, as pure functions of the original message.
import { escapeHtml, textToHtml } from './body-format';
import { formatAddress, sameAddress, uniqueAddresses, type ComposeAddress } from './address-list';

export type ReplyKind = 'reply' | 'replyAll' | 'forward';

export interface SourceAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  related: boolean;
}

/** The parts of the original message a reply or forward is built from. */
export interface SourceMessage {
  id: string;
  subject: string;
  /** ISO date-time. */
  date: string;
  from: ComposeAddress | null;
  to: ComposeAddress[];
  cc: ComposeAddress[];
  replyTo: ComposeAddress[];
  text: string;
  html: string | null;
  attachments: SourceAttachment[];
}

export interface ComposedReply {
  to: ComposeAddress[];
  cc: ComposeAddress[];
  subject: string;
  /** The quoted original for each editor mode; the user writes above it. */
  html: string;
  text: string;
  /** Attachments of the original the forward keeps (the API attaches them from the reference). */
  forwardedAttachments: SourceAttachment[];
}

const REPLY_PREFIX = /^\s*(re|aw|sv|antw)(\[\d+\])?\s*:/i;
const FORWARD_PREFIX = /^\s*(fwd?|wg|tr)(\[\d+\])?\s*:/i;

/** "Re: " once: answering "Re: x" keeps "Re: x" rather than stacking prefixes. */
export const replySubject = (subject: string): string =>
  REPLY_PREFIX.test(subject) ? subject.trim() : `Re: ${subject.trim()}`.trim();

export const forwardSubject = (subject: string): string =>
  FORWARD_PREFIX.test(subject) ? subject.trim() : `Fwd: ${subject.trim()}`.trim();

const isOwn = (entry: ComposeAddress, own: readonly string[]): boolean =>
  own.some((address) => sameAddress(address, entry.address));

/**
 * To: the Reply-To, else the From; for a message the user sent (from Sent), the original To instead. Reply all
 * adds the original To and Cc as Cc, never the user's own addresses nor anyone already in To.
 */
export const replyRecipients = (
  source: SourceMessage,
  kind: 'reply' | 'replyAll',
  ownAddresses: readonly string[],
): { to: ComposeAddress[]; cc: ComposeAddress[] } => {
  const sentByMe = source.from !== null && isOwn(source.from, ownAddresses) && source.replyTo.length === 0;
  let to: ComposeAddress[];
  if (sentByMe) to = source.to;
  else if (source.replyTo.length > 0) to = source.replyTo;
  else to = source.from ? [source.from] : [];
  to = uniqueAddresses(to);
  if (kind === 'reply') return { to, cc: [] };
  const others = sentByMe ? source.cc : [...source.to, ...source.cc];
  const cc = uniqueAddresses(others).filter(
    (entry) => !isOwn(entry, ownAddresses) && !to.some((taken) => sameAddress(taken.address, entry.address)),
  );
  // Answering only oneself (a note to self) would otherwise leave To empty.
  const toOthers = to.filter((entry) => !isOwn(entry, ownAddresses));
  return { to: toOthers.length > 0 || sentByMe ? toOthers : to, cc };
};

const defaultDateFormat = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));

const person = (entry: ComposeAddress | null): string => (entry ? formatAddress(entry) : 'unknown sender');

/** "On <date>, <name> wrote:" */
export const quoteIntro = (source: SourceMessage, formatDate = defaultDateFormat): string =>
  `On ${formatDate(source.date)}, ${person(source.from)} wrote:`;

export const quotePlain = (text: string): string =>
  text
    .replace(/\r\n/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : line ? `> ${line}` : '>'))
    .join('\n');

// Inline images point at API paths the recipient cannot reach; they are left out of the quote.
const withoutApiImages = (html: string): string =>
  html.replace(/<img\b[^>]*\bsrc="\/users\/[^"]*"[^>]*>/gi, '');

const originalHtml = (source: SourceMessage): string =>
  source.html ? withoutApiImages(source.html) : textToHtml(source.text);

export const forwardHeaderLines = (source: SourceMessage, formatDate = defaultDateFormat): string[] => [
  '---------- Forwarded message ---------',
  `From: ${person(source.from)}`,
  `Date: ${formatDate(source.date)}`,
  `Subject: ${source.subject}`,
  `To: ${source.to.map(formatAddress).join(', ')}`,
  ...(source.cc.length > 0 ? [`Cc: ${source.cc.map(formatAddress).join(', ')}`] : []),
];

export const composeReply = (
  source: SourceMessage,
  kind: ReplyKind,
  ownAddresses: readonly string[],
  formatDate = defaultDateFormat,
): ComposedReply => {
  if (kind === 'forward') {
    const header = forwardHeaderLines(source, formatDate);
    return {
      to: [],
      cc: [],
      subject: forwardSubject(source.subject),
      text: `\n\n${header.join('\n')}\n\n${source.text.replace(/\r\n/g, '\n')}`,
      html: `<div><br></div><div>${header.map(escapeHtml).join('<br>')}</div><br>${originalHtml(source)}`,
      forwardedAttachments: source.attachments.filter((attachment) => !attachment.related),
    };
  }
  const intro = quoteIntro(source, formatDate);
  return {
    ...replyRecipients(source, kind, ownAddresses),
    subject: replySubject(source.subject),
    text: `\n\n${intro}\n${quotePlain(source.text)}`,
    html: `<div><br></div><div>${escapeHtml(intro)}</div><blockquote type="cite">${originalHtml(source)}</blockquote>`,
    forwardedAttachments: [],
  };
};
