import type { DeliveryOutcome, RecipientFailureCode } from '@eider/delivery';

export interface LmtpReply {
  code: number;
  /** RFC 3463 enhanced status code, written at the start of the text. */
  enhanced: string;
  text: string;
}

export interface ReplyPolicy {
  /** lmtp.overQuotaPermanent: 552 5.2.2 instead of 452 4.2.2. */
  overQuotaPermanent: boolean;
}

/** The one place where delivery failures become LMTP replies; internal error text never reaches a client. */
export const failureReply = (code: RecipientFailureCode, rcpt: string, policy: ReplyPolicy): LmtpReply => {
  const who = `<${rcpt}>`;
  switch (code) {
    case 'INVALID_ADDRESS':
      return { code: 501, enhanced: '5.1.3', text: `${who} is not a valid address` };
    case 'UNKNOWN_RECIPIENT':
      return { code: 550, enhanced: '5.1.1', text: `${who} no such user here` };
    case 'USER_DISABLED':
      return { code: 550, enhanced: '5.2.1', text: `${who} mailbox disabled` };
    case 'OVER_QUOTA':
      return policy.overQuotaPermanent
        ? { code: 552, enhanced: '5.2.2', text: `${who} mailbox full` }
        : { code: 452, enhanced: '4.2.2', text: `${who} mailbox full` };
    case 'MESSAGE_TOO_LARGE':
      return { code: 552, enhanced: '5.3.4', text: 'message exceeds the size limit' };
    case 'INVALID_CONTENT':
      return { code: 554, enhanced: '5.6.0', text: 'message contains NUL bytes' };
    case 'FORWARDING_UNAVAILABLE':
      return { code: 451, enhanced: '4.3.2', text: `${who} forwarding is not available right now` };
    case 'TEMPORARY_FAILURE':
      return { code: 451, enhanced: '4.3.0', text: `${who} temporary failure, try again later` };
  }
};

export const outcomeReply = (outcome: DeliveryOutcome, sessionId: string, policy: ReplyPolicy): LmtpReply => {
  if (!outcome.ok) return failureReply(outcome.code, outcome.rcpt, policy);
  const where =
    outcome.disposition === 'stored'
      ? `saved${outcome.uid !== null ? ` as ${outcome.uid}` : ''}`
      : outcome.disposition;
  return { code: 250, enhanced: '2.0.0', text: `<${outcome.rcpt}> ${sessionId} ${where}` };
};

export const replyText = (reply: LmtpReply): string => `${reply.enhanced} ${reply.text}`;

/** An Error as smtp-server wants it for a non-2xx reply. */
export const replyError = (reply: LmtpReply): Error & { responseCode: number } =>
  Object.assign(new Error(replyText(reply)), { responseCode: reply.code });
