import type { SearchKey } from '../imap-backend';
import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import type { ImapToken } from '../protocol/command-tokens';
import { formatNumberSet } from '../protocol/sequence-set';
import { imapQuoted } from '../protocol/response-encoding';
import type { ImapSession } from '../session/imap-session';
import type { MailboxView } from '../session/mailbox-view';
import { BadCharsetError, type ParsedSearch, parseSearch } from '../search/search-parser';
import type { SearchReturnOption } from '../search/search-ast';
import { formatPartialRange, partialWindow } from '../search/search-return';

function usesModseq(key: SearchKey): boolean {
  switch (key.type) {
    case 'modseq':
      return true;
    case 'and':
      return key.keys.some(usesModseq);
    case 'or':
      return usesModseq(key.left) || usesModseq(key.right);
    case 'not':
      return usesModseq(key.key);
    default:
      return false;
  }
}

/** Modseqs of the matched messages, for RFC 7162 3.1.5's `MODSEQ` in the answer. */
async function modseqsOf(
  session: ImapSession,
  view: MailboxView,
  uids: readonly number[],
): Promise<Map<number, number>> {
  const modseqs = new Map<number, number>();
  const needs = { tree: false, content: false };
  for await (const record of session.backend.fetch(session.ctx, view.mailboxId, uids, needs))
    modseqs.set(record.uid, record.modseq);
  return modseqs;
}

/**
 * The MODSEQ an answer carries: the highest among the messages it returns, so MIN or MAX alone report
 * the modseq of that one message (RFC 7162 3.1.5, RFC 4731).
 */
function answeredModseq(
  options: readonly SearchReturnOption[] | null,
  matched: readonly number[],
  modseqs: ReadonlyMap<number, number>,
): number {
  const of = (uid: number | undefined): number => (uid === undefined ? 0 : (modseqs.get(uid) ?? 0));
  const all = !options || options.length === 0 || options.includes('ALL') || options.includes('COUNT');
  if (all) return matched.reduce((highest, uid) => Math.max(highest, of(uid)), 0);
  let highest = 0;
  if (options.includes('MIN')) highest = Math.max(highest, of(matched[0]));
  if (options.includes('MAX')) highest = Math.max(highest, of(matched[matched.length - 1]));
  return highest;
}

/** RFC 5182: with only MIN and/or MAX beside SAVE, only those are saved; otherwise every match. */
function savedResult(options: readonly SearchReturnOption[], matched: readonly number[]): number[] {
  const extremes = options.filter((o) => o === 'MIN' || o === 'MAX');
  if (matched.length === 0 || options.includes('ALL') || options.includes('COUNT') || extremes.length === 0)
    return [...matched];
  const saved = new Set<number>();
  if (options.includes('MIN')) saved.add(matched[0] as number);
  if (options.includes('MAX')) saved.add(matched[matched.length - 1] as number);
  return [...saved].sort((a, b) => a - b);
}

function asksToSave(args: readonly ImapToken[]): boolean {
  const [first, list] = args;
  return (
    first?.type === 'atom' &&
    first.value.toUpperCase() === 'RETURN' &&
    list?.type === 'list' &&
    list.items.some((item) => item.type === 'atom' && item.value.toUpperCase() === 'SAVE')
  );
}

/**
 * SEARCH / UID SEARCH; ESEARCH form when RETURN is given or IMAP4rev2 is enabled. RETURN (UPDATE) keeps
 * the search live (RFC 5267) until CANCELUPDATE or the mailbox is closed.
 */
export const searchCommand: CommandHandler = {
  states: SELECTED,
  allowExpunge: (input) => input.uid,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    // RFC 5182: a failed SEARCH RETURN (SAVE) leaves `$` empty, so the result is cleared up front.
    if (asksToSave(input.args)) view.saveSearchResult([]);
    let parsed: ParsedSearch;
    try {
      parsed = parseSearch(input.args, view.searchSets());
    } catch (error) {
      if (error instanceof BadCharsetError) return no('Unsupported charset', 'BADCHARSET (UTF-8 US-ASCII)');
      throw error;
    }
    const withModseq = usesModseq(parsed.query);
    if (withModseq) await session.startCondstore();
    const scope = view.allUids();
    const found =
      scope.length === 0
        ? []
        : await session.backend.search(session.ctx, view.mailboxId, parsed.query, scope);
    // The view may not change while we map, so compute numbers against it now.
    const matched = [...new Set(found)].filter((u) => view.seqOf(u) > 0).sort((a, b) => a - b);
    const numbers = input.uid ? matched : matched.map((u) => view.seqOf(u));
    const options = parsed.returnOptions;
    const modseq =
      withModseq && matched.length > 0
        ? answeredModseq(options, matched, await modseqsOf(session, view, matched))
        : 0;
    if (options?.includes('SAVE')) view.saveSearchResult(savedResult(options, matched));
    if (options === null && !session.rev2) {
      await session.writer.write('* SEARCH');
      for (let i = 0; i < numbers.length; i += 1000)
        await session.writer.write(` ${numbers.slice(i, i + 1000).join(' ')}`);
      await session.writer.write(modseq > 0 ? ` (MODSEQ ${modseq})\r\n` : '\r\n');
      return ok('SEARCH completed');
    }
    const live = options?.includes('UPDATE') === true;
    if (live && !view.searchUpdates.track(input.tag, input.uid, parsed.query, matched))
      await session.untagged(
        `NO [NOUPDATE ${imapQuoted(input.tag, { utf8: false })}] Too many live searches`,
      );
    // SAVE alone asks for no answer at all (RFC 5182 2.4).
    if (options?.length === 1 && options[0] === 'SAVE') return ok('SEARCH completed, result saved');
    const opts = options === null || options.length === 0 ? ['ALL'] : options;
    const parts = [`ESEARCH (TAG ${imapQuoted(input.tag, { utf8: false })})`];
    if (input.uid) parts.push('UID');
    if (opts.includes('MIN') && numbers.length > 0) parts.push(`MIN ${numbers[0]}`);
    if (opts.includes('MAX') && numbers.length > 0) parts.push(`MAX ${numbers[numbers.length - 1]}`);
    if (opts.includes('COUNT')) parts.push(`COUNT ${numbers.length}`);
    if (opts.includes('ALL') && numbers.length > 0) parts.push(`ALL ${formatNumberSet(numbers)}`);
    if (parsed.partial) {
      const window = partialWindow(numbers, parsed.partial);
      const set = window.length > 0 ? formatNumberSet(window) : 'NIL';
      parts.push(`PARTIAL (${formatPartialRange(parsed.partial)} ${set})`);
    }
    if (modseq > 0) parts.push(`MODSEQ ${modseq}`);
    await session.untagged(parts.join(' '));
    return ok('SEARCH completed');
  },
};
