import { createHash } from 'node:crypto';

/** The header Eider adds to everything it sends on a user's behalf (forwards, autoreplies, relays). */
export const LOOP_HEADER = 'X-Eider-Loop';

export interface HeaderLike {
  /** Lowercased header name. */
  key: string;
  value: string;
}

/**
 * The loop token for one recipient: a digest, so the header does not reveal the forwarding address to
 * whoever receives the copy, yet the same address always yields the same token.
 */
export const loopTokenFor = (address: string): string =>
  createHash('sha256')
    .update(`eider-loop\u0000${address.normalize('NFC').toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);

/** The tokens already present in a message's loop headers. */
export const loopTokensIn = (headers: readonly HeaderLike[]): Set<string> => {
  const key = LOOP_HEADER.toLowerCase();
  const tokens = new Set<string>();
  for (const header of headers) {
    if (header.key !== key) continue;
    for (const token of header.value.split(/[\s,]+/)) if (token) tokens.add(token.toLowerCase());
  }
  return tokens;
};

export type AutomationReason =
  'loop-header' | 'auto-submitted' | 'precedence' | 'list-header' | 'null-sender' | 'mailer-daemon';

export type LoopDecision = { allowed: true } | { allowed: false; reason: AutomationReason };

const headerValue = (headers: readonly HeaderLike[], key: string): string | null =>
  headers.find((header) => header.key === key)?.value ?? null;

/** Forwarding stops only at our own loop header for this address: lists and bulk mail forward normally. */
export const checkForward = (headers: readonly HeaderLike[], recipientAddress: string): LoopDecision =>
  loopTokensIn(headers).has(loopTokenFor(recipientAddress))
    ? { allowed: false, reason: 'loop-header' }
    : { allowed: true };

/**
 * RFC 3834 section 2: never answer automatic, bulk or list mail, nor bounces, nor a message this address
 * already sent or forwarded (our loop header).
 */
export const checkAutoreply = (
  headers: readonly HeaderLike[],
  recipientAddress: string,
  envelopeSender: string,
): LoopDecision => {
  if (loopTokensIn(headers).has(loopTokenFor(recipientAddress)))
    return { allowed: false, reason: 'loop-header' };
  const sender = envelopeSender.trim().toLowerCase();
  if (!sender) return { allowed: false, reason: 'null-sender' };
  const local = sender.slice(0, sender.lastIndexOf('@'));
  if (/^(mailer-daemon|postmaster|listserv|majordomo|owner-.+|.+-request|no-?reply)$/.test(local)) {
    return { allowed: false, reason: 'mailer-daemon' };
  }
  const autoSubmitted = headerValue(headers, 'auto-submitted');
  if (
    autoSubmitted !== null &&
    autoSubmitted
      .trim()
      .split(/[\s;(]/)[0]
      ?.toLowerCase() !== 'no'
  ) {
    return { allowed: false, reason: 'auto-submitted' };
  }
  const precedence = headerValue(headers, 'precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'list', 'junk'].includes(precedence))
    return { allowed: false, reason: 'precedence' };
  if (headers.some((header) => header.key.startsWith('list-')))
    return { allowed: false, reason: 'list-header' };
  return { allowed: true };
};
