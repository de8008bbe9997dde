import type { StoreOperation } from '../imap-backend';
import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import { ImapSyntaxError, type ImapToken, tokenAtom } from '../protocol/command-tokens';
import { formatNumberSet } from '../protocol/sequence-set';
import { formatFlags, parseFlagList } from './flags';
import { flagAnnouncements } from '../session/flag-announcer';

/** `(UNCHANGEDSINCE n)` between the set and the item (RFC 7162 3.1.3). */
function parseStoreModifiers(token: ImapToken): number | undefined {
  if (token.type !== 'list' || token.items.length !== 2) throw new ImapSyntaxError('Invalid STORE modifiers');
  const name = tokenAtom(token.items[0], 'STORE modifier').toUpperCase();
  if (name !== 'UNCHANGEDSINCE') throw new ImapSyntaxError(`Unknown STORE modifier ${name.slice(0, 30)}`);
  const value = tokenAtom(token.items[1], 'mod-sequence');
  if (!/^\d{1,19}$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new ImapSyntaxError('Invalid UNCHANGEDSINCE value');
  return Number(value);
}

/** STORE / UID STORE: `[(UNCHANGEDSINCE n)] [+|-]FLAGS[.SILENT] (flags)`. */
export const storeCommand: CommandHandler = {
  states: SELECTED,
  allowExpunge: (input) => input.uid,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    const args = [...input.args];
    const unchangedSince =
      args[1]?.type === 'list' ? parseStoreModifiers(args.splice(1, 1)[0] as ImapToken) : undefined;
    if (args.length !== 3) throw new ImapSyntaxError('Expected sequence set, item and flags');
    const setText = tokenAtom(args[0], 'sequence set');
    const m = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(tokenAtom(args[1], 'store item'));
    if (!m) throw new ImapSyntaxError('Invalid STORE item');
    const op: StoreOperation = m[1] === '+' ? 'add' : m[1] === '-' ? 'remove' : 'set';
    const silent = m[2] !== undefined;
    const flags = parseFlagList(args[2]);
    const uids = view.resolveSet(setText, input.uid);
    if (unchangedSince !== undefined) await session.startCondstore();
    if (view.readOnly) return no('Mailbox is read-only', 'READ-ONLY');
    if (uids.length === 0) return ok('STORE completed');
    const result = await session.backend.setFlags(session.ctx, view.mailboxId, {
      op,
      uids,
      flags,
      ...(unchangedSince === undefined ? {} : { unchangedSince }),
    });
    const refused = new Set(result.modified);
    for (const update of result.updated) {
      session.ownFlagChanges.set(update.uid, update.modseq);
      for (const line of flagAnnouncements(view, update.flags)) await session.untagged(line);
      // A conditional STORE reports what it changed even when silent, so the client learns the new modseqs.
      const changedHere =
        unchangedSince !== undefined && update.modseq > unchangedSince && !refused.has(update.uid);
      if (silent && !changedHere) continue;
      const seq = view.seqOf(update.uid);
      if (seq === 0) continue;
      const uidPart = input.uid ? ` UID ${update.uid}` : '';
      const modseq = session.condstore ? ` MODSEQ (${update.modseq})` : '';
      await session.untagged(
        `${seq} FETCH (FLAGS ${formatFlags(update.flags, view.isRecent(update.uid))}${uidPart}${modseq})`,
      );
    }
    if (refused.size === 0) return ok('STORE completed');
    const numbers = [...refused]
      .map((uid) => (input.uid ? uid : view.seqOf(uid)))
      .filter((n) => n > 0)
      .sort((a, b) => a - b);
    return ok('Conditional STORE failed', `MODIFIED ${formatNumberSet(numbers)}`);
  },
};
