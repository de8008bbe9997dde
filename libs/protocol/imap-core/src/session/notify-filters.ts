import { ImapSyntaxError, type ImapToken, tokenAtom } from '../protocol/command-tokens';
import { DELIMITER } from './mailbox-names';

/** RFC 5465 events this server reports. */
export type NotifyEvent =
  'MessageNew' | 'MessageExpunge' | 'FlagChange' | 'MailboxName' | 'SubscriptionChange';
export const SUPPORTED_EVENTS: readonly NotifyEvent[] = [
  'MessageNew',
  'MessageExpunge',
  'FlagChange',
  'MailboxName',
  'SubscriptionChange',
];
/** Events the RFC defines that this server does not report (no METADATA or ANNOTATE here). */
const UNSUPPORTED_EVENTS = new Set(['ANNOTATIONCHANGE', 'MAILBOXMETADATACHANGE', 'SERVERMETADATACHANGE']);

export type MailboxFilter =
  | { kind: 'selected'; delayed: boolean }
  | { kind: 'inboxes' | 'personal' | 'subscribed' }
  | { kind: 'subtree' | 'mailboxes'; paths: string[] };

export interface NotifyGroup {
  filter: MailboxFilter;
  events: ReadonlySet<NotifyEvent>;
}

/** The client asked for an event this server does not report: `NO [BADEVENT (...)]`. */
export class UnsupportedNotifyEventError extends Error {}

export interface NotifyRequest {
  status: boolean;
  groups: NotifyGroup[];
}

function parseEvents(token: ImapToken | undefined): Set<NotifyEvent> {
  if (token?.type === 'atom' && token.value.toUpperCase() === 'NONE') return new Set();
  if (token?.type !== 'list' || token.items.length === 0)
    throw new ImapSyntaxError('NOTIFY needs a list of events');
  const events = new Set<NotifyEvent>();
  for (let i = 0; i < token.items.length; i++) {
    const name = tokenAtom(token.items[i], 'event');
    const known = SUPPORTED_EVENTS.find((event) => event.toUpperCase() === name.toUpperCase());
    if (known === 'MessageNew' && token.items[i + 1]?.type === 'list') {
      // Fetch attributes sent with each new message are not offered; the client FETCHes on EXISTS.
      throw new UnsupportedNotifyEventError('MessageNew with fetch attributes is not supported');
    }
    if (known) events.add(known);
    else if (UNSUPPORTED_EVENTS.has(name.toUpperCase())) throw new UnsupportedNotifyEventError(name);
    else throw new ImapSyntaxError(`Unknown NOTIFY event ${name.slice(0, 40)}`);
  }
  return events;
}

/**
 * Parses `SET [STATUS] (filter events)...` or `NONE` (null). `decodeMailbox` turns a mailbox token into
 * the UTF-8 path the backend uses.
 */
export function parseNotify(
  args: readonly ImapToken[],
  decodeMailbox: (token: ImapToken | undefined) => string,
): NotifyRequest | null {
  const verb = tokenAtom(args[0], 'NOTIFY SET or NONE').toUpperCase();
  if (verb === 'NONE') {
    if (args.length !== 1) throw new ImapSyntaxError('NOTIFY NONE takes no arguments');
    return null;
  }
  if (verb !== 'SET') throw new ImapSyntaxError('NOTIFY SET or NOTIFY NONE');
  let index = 1;
  const status = args[index]?.type === 'atom' && tokenAtom(args[index]).toUpperCase() === 'STATUS';
  if (status) index++;
  if (index >= args.length) throw new ImapSyntaxError('NOTIFY SET needs event groups');
  const groups: NotifyGroup[] = [];
  let selected = false;
  for (const group of args.slice(index)) {
    if (group.type !== 'list') throw new ImapSyntaxError('Event groups are lists');
    const [name, ...rest] = group.items;
    const kind = tokenAtom(name, 'mailbox filter').toUpperCase();
    let filter: MailboxFilter;
    let eventsToken: ImapToken | undefined;
    if (kind === 'SELECTED' || kind === 'SELECTED-DELAYED') {
      if (selected) throw new ImapSyntaxError('Only one SELECTED filter');
      selected = true;
      filter = { kind: 'selected', delayed: kind === 'SELECTED-DELAYED' };
      eventsToken = rest[0];
      if (rest.length !== 1) throw new ImapSyntaxError('Invalid event group');
    } else if (kind === 'INBOXES' || kind === 'PERSONAL' || kind === 'SUBSCRIBED') {
      filter = { kind: kind.toLowerCase() as 'inboxes' | 'personal' | 'subscribed' };
      eventsToken = rest[0];
      if (rest.length !== 1) throw new ImapSyntaxError('Invalid event group');
    } else if (kind === 'SUBTREE' || kind === 'MAILBOXES') {
      const [mailboxes, events, extra] = rest;
      if (!mailboxes || !events || extra) throw new ImapSyntaxError('Invalid event group');
      const tokens = mailboxes.type === 'list' ? mailboxes.items : [mailboxes];
      if (tokens.length === 0) throw new ImapSyntaxError('At least one mailbox');
      filter = { kind: kind.toLowerCase() as 'subtree' | 'mailboxes', paths: tokens.map(decodeMailbox) };
      eventsToken = events;
    } else {
      throw new ImapSyntaxError(`Unknown mailbox filter ${kind.slice(0, 40)}`);
    }
    groups.push({ filter, events: parseEvents(eventsToken) });
  }
  return { status, groups };
}

/** Whether a non-selected filter covers `path`; `subscribed` tells whether the path is subscribed. */
export function filterMatches(filter: MailboxFilter, path: string, subscribed: boolean): boolean {
  switch (filter.kind) {
    case 'selected':
      return false;
    case 'inboxes':
      return path === 'INBOX';
    case 'personal':
      return true;
    case 'subscribed':
      return subscribed;
    case 'mailboxes':
      return filter.paths.includes(path);
    case 'subtree':
      return filter.paths.some((root) => path === root || path.startsWith(`${root}${DELIMITER}`));
  }
}

/** The events that apply to a non-selected mailbox: those of the first group whose filter covers it. */
export function eventsFor(
  groups: readonly NotifyGroup[],
  path: string,
  subscribed: boolean,
): ReadonlySet<NotifyEvent> {
  for (const group of groups) if (filterMatches(group.filter, path, subscribed)) return group.events;
  return new Set();
}

/** The STATUS items that tell a client about `events` in a mailbox it has not selected. */
export function statusItemsFor(events: ReadonlySet<NotifyEvent>): string[] {
  const items: string[] = [];
  if (events.has('MessageNew') || events.has('MessageExpunge')) items.push('MESSAGES');
  if (events.has('MessageNew')) items.push('UIDNEXT', 'UIDVALIDITY');
  if (events.has('FlagChange')) {
    if (!items.includes('UIDVALIDITY')) items.push('UIDVALIDITY');
    items.push('HIGHESTMODSEQ');
  }
  return items;
}
