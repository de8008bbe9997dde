import type { SearchKey } from '../imap-backend';
import { formatNumberSet } from '../protocol/sequence-set';
import { imapQuoted } from '../protocol/response-encoding';
import type { ImapSession } from './imap-session';
import type { MailboxView } from './mailbox-view';

/** A `SEARCH RETURN (UPDATE)` the client asked to keep current (RFC 5267 4.2). */
interface SearchUpdateContext {
  tag: string;
  uid: boolean;
  query: SearchKey;
  /** The result as last reported, as UIDs. */
  matched: Set<number>;
}

/**
 * Each context costs a search after every command that may have changed the mailbox, so a session
 * keeps only a few; past the limit the server answers NO [NOUPDATE] as RFC 5267 4.2 allows.
 */
export const MAX_SEARCH_UPDATE_CONTEXTS = 5;

/**
 * The selected mailbox's live searches. Updates are unsolicited ESEARCH ADDTO/REMOVEFROM responses.
 * Positions are 0 because SEARCH results are in mailbox order, which the client already knows.
 */
export class SearchUpdates {
  private readonly contexts = new Map<string, SearchUpdateContext>();

  get active(): boolean {
    return this.contexts.size > 0;
  }

  /** Starts tracking; false when the session already has as many contexts as it may. */
  track(tag: string, uid: boolean, query: SearchKey, matched: readonly number[]): boolean {
    if (!this.contexts.has(tag) && this.contexts.size >= MAX_SEARCH_UPDATE_CONTEXTS) return false;
    this.contexts.set(tag, { tag, uid, query, matched: new Set(matched) });
    return true;
  }

  /** CANCELUPDATE; false when no such context exists. */
  cancel(tag: string): boolean {
    return this.contexts.delete(tag);
  }

  /**
   * REMOVEFROM for messages about to be expunged, numbered as the client still numbers them: the lines
   * go out before the EXPUNGE responses that renumber the mailbox.
   */
  beforeExpunge(view: MailboxView, uids: readonly number[]): string[] {
    const lines: string[] = [];
    for (const context of this.contexts.values()) {
      const gone = uids.filter((uid) => context.matched.delete(uid));
      const line = updateLine(view, context, 'REMOVEFROM', gone);
      if (line) lines.push(line);
    }
    return lines;
  }

  /** Runs every context's search again and reports what left and what joined its result. */
  async refresh(session: ImapSession, view: MailboxView): Promise<string[]> {
    const lines: string[] = [];
    const scope = view.allUids();
    for (const context of this.contexts.values()) {
      const found =
        scope.length === 0
          ? []
          : await session.backend.search(session.ctx, view.mailboxId, context.query, scope);
      if (session.view !== view) return [];
      const now = new Set(found.filter((uid) => view.seqOf(uid) > 0));
      const removed = [...context.matched].filter((uid) => !now.has(uid));
      const added = [...now].filter((uid) => !context.matched.has(uid));
      context.matched = now;
      const removal = updateLine(view, context, 'REMOVEFROM', removed);
      const addition = updateLine(view, context, 'ADDTO', added);
      if (removal) lines.push(removal);
      if (addition) lines.push(addition);
    }
    return lines;
  }
}

function updateLine(
  view: MailboxView,
  context: SearchUpdateContext,
  kind: 'ADDTO' | 'REMOVEFROM',
  uids: readonly number[],
): string | null {
  const numbers = (context.uid ? [...uids] : uids.map((uid) => view.seqOf(uid)))
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  if (numbers.length === 0) return null;
  const uid = context.uid ? ' UID' : '';
  return `ESEARCH (TAG ${imapQuoted(context.tag, { utf8: false })})${uid} ${kind} (0 ${formatNumberSet(numbers)})`;
}
