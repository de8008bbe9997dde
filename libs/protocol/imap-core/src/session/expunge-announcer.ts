import { formatRanges, mergeRanges } from '../protocol/sequence-set';
import type { ImapSession } from './imap-session';
import type { MailboxView } from './mailbox-view';

/**
 * Removes `uids` from the view and returns the lines that tell the client: one `VANISHED` once QRESYNC
 * is enabled (RFC 7162 3.2.10), else `EXPUNGE` per message, highest sequence number first so that each
 * number is right when it is read. Live searches' REMOVEFROM come first, numbered before the expunge.
 */
export function expungeLines(session: ImapSession, view: MailboxView, uids: Iterable<number>): string[] {
  const known = [...uids].filter((uid) => view.seqOf(uid) > 0);
  const removals = view.searchUpdates.beforeExpunge(view, known);
  const seqs = view.expunge(known);
  if (seqs.length === 0) return [];
  if (!session.qresync) return [...removals, ...seqs.map((seq) => `${seq} EXPUNGE`)];
  return [
    ...removals,
    `VANISHED ${formatRanges(mergeRanges(known.map((uid): [number, number] => [uid, uid])))}`,
  ];
}
