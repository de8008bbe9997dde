import type { SortRecord } from '../imap-backend';
import type { ImapToken } from '../protocol/command-tokens';
import type { SearchKey } from '../search/search-ast';
import { BadCharsetError, parseSearch } from '../search/search-parser';
import { type CommandResult, no } from '../session/command-handler';
import type { ImapSession } from '../session/imap-session';
import type { MailboxView } from '../session/mailbox-view';

const CHARSET: ImapToken = { type: 'atom', value: 'CHARSET' };

/**
 * SORT and THREAD's `charset search-criteria`: the SEARCH grammar with a mandatory charset and no
 * RETURN, so the SEARCH parser reads it once `CHARSET` is put in front. Returns the query, or the
 * NO [BADCHARSET] answer; syntax errors throw (BAD).
 */
export function parseCharsetSearch(view: MailboxView, args: readonly ImapToken[]): SearchKey | CommandResult {
  try {
    return parseSearch([CHARSET, ...args], view.searchSets()).query;
  } catch (error) {
    if (error instanceof BadCharsetError) return no('Unsupported charset', 'BADCHARSET (UTF-8 US-ASCII)');
    throw error;
  }
}

export const isResult = (value: SearchKey | CommandResult): value is CommandResult => 'status' in value;

/**
 * Searches, then asks the backend for the sort data of the matches only; records of UIDs the
 * session does not know (arrived or expunged meanwhile) are dropped, so numbers map consistently.
 */
export async function matchingSortRecords(
  session: ImapSession,
  view: MailboxView,
  query: SearchKey,
): Promise<SortRecord[]> {
  const scope = view.allUids();
  if (scope.length === 0) return [];
  // ALL needs no search round: the view already is the answer.
  const found =
    query.type === 'all'
      ? [...scope]
      : await session.backend.search(session.ctx, view.mailboxId, query, scope);
  const matched = [...new Set(found)].filter((u) => view.seqOf(u) > 0).sort((a, b) => a - b);
  if (matched.length === 0) return [];
  const wanted = new Set(matched);
  const records = await session.backend.sortData(session.ctx, view.mailboxId, matched);
  const seen = new Set<number>();
  return records.filter((r) => {
    if (!wanted.has(r.uid) || seen.has(r.uid)) return false;
    seen.add(r.uid);
    return true;
  });
}

/** Writes `* NAME data` in chunks, as SEARCH does, so huge answers do not build one string. */
export async function writeNumbers(
  session: ImapSession,
  name: string,
  numbers: readonly number[],
): Promise<void> {
  await session.writer.write(`* ${name}`);
  for (let i = 0; i < numbers.length; i += 1000)
    await session.writer.write(` ${numbers.slice(i, i + 1000).join(' ')}`);
  await session.writer.write('\r\n');
}
