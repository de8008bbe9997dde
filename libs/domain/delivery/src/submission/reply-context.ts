import {
  decodeAddresses,
  decodeSubject,
  extractMessageIds,
  getHeaderValue,
  parseAddressList,
  type MailAddress,
  type MimeNode,
} from '@eider/mime';

export type ReferenceAction = 'reply' | 'replyAll' | 'forward';

/** What a reply or forward takes from its parent message. */
export interface ReplyContext {
  /** The parent's Message-ID (angle brackets included), or null when it had none. */
  inReplyTo: string | null;
  /** The parent's References plus its Message-ID, oldest first, trimmed to the newest MAX_REFERENCES. */
  references: string[];
  subject: string;
  /** Default recipients for a reply when the caller names none. */
  to: MailAddress[];
  cc: MailAddress[];
}

/**
 * Long threads would otherwise grow the header without bound; RFC 5322 3.6.4 allows dropping
 * middle entries, and keeping the first (thread root) plus the newest preserves threading.
 */
export const MAX_REFERENCES = 50;

// Any "Word: " prefix counts as already prefixed, so "Re: Re:" and "Fwd: Re:" chains do not grow.
const PREFIXED = /^[\p{L}\p{N}_-]{1,10}:\s/u;

export const prefixedSubject = (subject: string, action: ReferenceAction): string => {
  const trimmed = subject.trim();
  if (PREFIXED.test(trimmed)) return trimmed;
  return `${action === 'forward' ? 'Fwd' : 'Re'}: ${trimmed}`.trim();
};

export const referencesFor = (parentReferences: string[], parentMessageId: string | null): string[] => {
  const chain = [...parentReferences];
  if (parentMessageId && !chain.includes(parentMessageId)) chain.push(parentMessageId);
  if (chain.length <= MAX_REFERENCES) return chain;
  return [chain[0] as string, ...chain.slice(chain.length - (MAX_REFERENCES - 1))];
};

const addressesOf = (root: MimeNode, header: string): MailAddress[] => {
  const value = getHeaderValue(root, header);
  return value === null
    ? []
    : decodeAddresses(parseAddressList(value)).filter((item) => item.address.includes('@'));
};

/**
 * The threading headers, subject and default recipients for answering `root`. `own` holds the
 * replying user's addresses (lowercased), which are never added as recipients of their own reply.
 */
export const replyContextOf = (
  root: MimeNode,
  action: ReferenceAction,
  own: ReadonlySet<string>,
): ReplyContext => {
  const inReplyTo = extractMessageIds(getHeaderValue(root, 'message-id'))[0] ?? null;
  const references = referencesFor(extractMessageIds(getHeaderValue(root, 'references')), inReplyTo);
  const subject = prefixedSubject(decodeSubject(getHeaderValue(root, 'subject')), action);
  if (action === 'forward') return { inReplyTo, references, subject, to: [], cc: [] };

  const seen = new Set<string>();
  const pick = (items: MailAddress[]): MailAddress[] =>
    items.filter((item) => {
      const key = item.address.toLowerCase();
      if (own.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const replyTo = addressesOf(root, 'reply-to');
  const to = pick(replyTo.length > 0 ? replyTo : addressesOf(root, 'from'));
  if (action === 'reply') return { inReplyTo, references, subject, to, cc: [] };
  const moreTo = pick(addressesOf(root, 'to'));
  const cc = pick(addressesOf(root, 'cc'));
  return { inReplyTo, references, subject, to: [...to, ...moreTo], cc };
};
