import { SYSTEM_FLAGS, formatFlags } from '../commands/flags';
import type { MailboxView } from './mailbox-view';

/**
 * RFC 3501 7.2.6: a client learns which keywords exist from FLAGS, so a FETCH may not show a keyword
 * before an untagged FLAGS (and PERMANENTFLAGS) has announced it. Returns the lines to send first, or
 * none when every flag is already known.
 */
export function flagAnnouncements(view: MailboxView, flags: readonly string[]): string[] {
  let grew = false;
  for (const flag of flags) {
    const lower = flag.toLowerCase();
    if (lower === '\\recent' || view.announcedFlags.has(lower)) continue;
    view.announcedFlags.add(lower);
    view.flagNames.push(flag);
    grew = true;
  }
  if (!grew) return [];
  const all = [...new Set([...SYSTEM_FLAGS, ...view.flagNames])];
  const permanent = view.readOnly ? '()' : `(${[...all, '\\*'].join(' ')})`;
  return [`FLAGS ${formatFlags(all)}`, `OK [PERMANENTFLAGS ${permanent}] Flags updated`];
}

/** Records the FLAGS list sent at SELECT. */
export function rememberAnnouncedFlags(view: MailboxView, flags: readonly string[]): void {
  for (const flag of flags) {
    if (view.announcedFlags.has(flag.toLowerCase())) continue;
    view.announcedFlags.add(flag.toLowerCase());
    view.flagNames.push(flag);
  }
}
