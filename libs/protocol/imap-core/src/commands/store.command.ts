import type { StoreOperation } from '../imap-backend';
import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import { ImapSyntaxError, expectEnd, tokenAtom } from '../protocol/command-tokens';
import { formatFlags, parseFlagList } from './flags';
import { flagAnnouncements } from '../session/flag-announcer';

/** STORE / UID STORE: `[+|-]FLAGS[.SILENT] (flags)`. */
export const storeCommand: CommandHandler = {
  states: SELECTED,
  allowExpunge: (input) => input.uid,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    expectEnd(input.args, 3);
    const setText = tokenAtom(input.args[0], 'sequence set');
    const m = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(tokenAtom(input.args[1], 'store item'));
    if (!m) throw new ImapSyntaxError('Invalid STORE item');
    const op: StoreOperation = m[1] === '+' ? 'add' : m[1] === '-' ? 'remove' : 'set';
    const silent = m[2] !== undefined;
    const flags = parseFlagList(input.args[2]);
    const uids = view.resolveSet(setText, input.uid);
    if (view.readOnly) return no('Mailbox is read-only', 'READ-ONLY');
    if (uids.length === 0) return ok('STORE completed');
    const result = await session.backend.setFlags(session.ctx, view.mailboxId, { op, uids, flags });
    for (const update of result.updated) {
      session.ownFlagChanges.set(update.uid, update.modseq);
      for (const line of flagAnnouncements(view, update.flags)) await session.untagged(line);
      if (silent) continue;
      const seq = view.seqOf(update.uid);
      if (seq === 0) continue;
      const uidPart = input.uid ? ` UID ${update.uid}` : '';
      await session.untagged(
        `${seq} FETCH (FLAGS ${formatFlags(update.flags, view.isRecent(update.uid))}${uidPart})`,
      );
    }
    return ok('STORE completed');
  },
};
