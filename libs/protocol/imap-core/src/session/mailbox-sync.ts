import { formatFlags } from '../commands/flags';
import { expungeLines } from './expunge-announcer';
import { flagAnnouncements } from './flag-announcer';
import type { ImapSession } from './imap-session';
import type { MailboxView } from './mailbox-view';

/**
 * Pulls changes made by other sessions and reports them. Order matters: EXPUNGEs (or VANISHED) first
 * (highest sequence number first, so every number is right at the moment it is sent), then
 * the new EXISTS, then FETCH FLAGS computed against the updated numbering.
 * When `allowExpunge` is false (FETCH/STORE/SEARCH by sequence number) expunges are kept in
 * `deferredExpunges` and the view keeps the UIDs, so sequence numbers stay stable.
 */
export async function applyMailboxChanges(
  session: ImapSession,
  view: MailboxView,
  allowExpunge: boolean,
): Promise<void> {
  const changes = await session.backend.changesSince(session.ctx, view.mailboxId, view.highestModseq);
  if (session.view !== view) return;
  for (const uid of changes.expunged) if (view.seqOf(uid) > 0) session.deferredExpunges.add(uid);
  const lines: string[] = [];
  if (allowExpunge && session.deferredExpunges.size > 0) {
    lines.push(...expungeLines(session, view, session.deferredExpunges));
    session.deferredExpunges.clear();
  }
  const gone = new Set(changes.expunged);
  const added = view.append(changes.exists.filter((uid) => !gone.has(uid)));
  if (changes.recent && !session.rev2) view.markRecent(changes.recent);
  if (added > 0) {
    lines.push(`${view.exists} EXISTS`);
    if (!session.rev2 && view.recentCount !== view.announcedRecent) lines.push(`${view.recentCount} RECENT`);
    view.announcedRecent = view.recentCount;
  }
  for (const update of changes.flagUpdates) {
    const own = session.ownFlagChanges.get(update.uid);
    if (own !== undefined && own >= update.modseq) continue;
    const seq = view.seqOf(update.uid);
    if (seq === 0) continue;
    lines.push(...flagAnnouncements(view, update.flags));
    const modseq = session.condstore ? ` MODSEQ (${update.modseq})` : '';
    lines.push(
      `${seq} FETCH (UID ${update.uid} FLAGS ${formatFlags(update.flags, view.isRecent(update.uid))}${modseq})`,
    );
  }
  session.ownFlagChanges.clear();
  if (changes.highestModseq > view.highestModseq) view.highestModseq = changes.highestModseq;
  for (const line of lines) await session.untagged(line);
}
