import type { UserFeedEvent } from '@eider/mailstore';

/** The SSE `event:` names; `reset` tells the client to reload before trusting later events. */
export type UpdateEventName = 'exists' | 'expunge' | 'flags' | 'mailbox' | 'reset';

/** The JSON payload, with WildDuck's IMAP-style `command` names so its clients can switch on them. */
export interface UpdatePayload {
  command: 'EXISTS' | 'EXPUNGE' | 'FETCH' | 'MAILBOX' | 'RESET';
  mailbox?: string;
  message?: string;
  uid?: number;
  flags?: string[];
  modseq?: number;
  reason?: string;
}

const COMMANDS = {
  exists: 'EXISTS',
  expunge: 'EXPUNGE',
  flags: 'FETCH',
  mailbox: 'MAILBOX',
} as const;

export const updateEventOf = (event: UserFeedEvent): { name: UpdateEventName; payload: UpdatePayload } => {
  if (event.type === 'reset') return { name: 'reset', payload: { command: 'RESET', reason: event.reason } };
  const { change } = event;
  return {
    name: change.kind,
    payload: {
      command: COMMANDS[change.kind],
      mailbox: change.mailbox,
      ...(change.message ? { message: change.message } : {}),
      ...(change.uid !== undefined ? { uid: change.uid } : {}),
      ...(change.flags ? { flags: change.flags } : {}),
      modseq: change.modseq,
    },
  };
};

/** One server-sent event; the data is a single JSON line, so no line of it can end the event early. */
export const formatServerSentEvent = (event: UserFeedEvent): string => {
  const { name, payload } = updateEventOf(event);
  return `id: ${event.cursor}\nevent: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
};
