import { type AddressItem, parseAddressList } from './address.parser';
import { getHeaderValue } from './header-block.parser';
import type { MimeNode } from './mime-tree.types';

/** One entry of an IMAP address list; group start/end markers have `host === null`. */
export interface EnvelopeAddress {
  name: string | null;
  adl: string | null;
  mailbox: string | null;
  host: string | null;
}

/** IMAP ENVELOPE (RFC 3501 section 7.4.2) as data; strings are raw header text, not RFC 2047 decoded. */
export interface Envelope {
  date: string | null;
  subject: string | null;
  from: EnvelopeAddress[] | null;
  sender: EnvelopeAddress[] | null;
  replyTo: EnvelopeAddress[] | null;
  to: EnvelopeAddress[] | null;
  cc: EnvelopeAddress[] | null;
  bcc: EnvelopeAddress[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

// Dovecot's placeholders: a NIL host would turn a broken address into a group marker.
const MISSING_MAILBOX = 'MISSING_MAILBOX';
const MISSING_DOMAIN = 'MISSING_DOMAIN';

export function toEnvelopeAddresses(items: AddressItem[]): EnvelopeAddress[] | null {
  const out: EnvelopeAddress[] = [];
  for (const item of items) {
    if (item.kind === 'group') {
      out.push({ name: null, adl: null, mailbox: item.name, host: null });
      for (const m of item.members) {
        out.push({
          name: m.name,
          adl: m.route,
          mailbox: m.mailbox ?? MISSING_MAILBOX,
          host: m.host ?? MISSING_DOMAIN,
        });
      }
      out.push({ name: null, adl: null, mailbox: null, host: null });
    } else {
      out.push({
        name: item.name,
        adl: item.route,
        mailbox: item.mailbox ?? MISSING_MAILBOX,
        host: item.host ?? MISSING_DOMAIN,
      });
    }
  }
  return out.length > 0 ? out : null;
}

/**
 * Builds the ENVELOPE of a message node (the root, or the encapsulated message of a
 * message/rfc822 part). The first occurrence of each header is used. Sender and Reply-To
 * fall back to From as RFC 3501 requires of servers.
 */
export function buildEnvelope(message: MimeNode): Envelope {
  const str = (key: string): string | null => getHeaderValue(message, key);
  const addresses = (key: string): EnvelopeAddress[] | null => {
    const value = str(key);
    return value === null ? null : toEnvelopeAddresses(parseAddressList(value));
  };
  const from = addresses('from');
  return {
    date: str('date'),
    subject: str('subject'),
    from,
    sender: addresses('sender') ?? from,
    replyTo: addresses('reply-to') ?? from,
    to: addresses('to'),
    cc: addresses('cc'),
    bcc: addresses('bcc'),
    inReplyTo: str('in-reply-to'),
    messageId: str('message-id'),
  };
}
