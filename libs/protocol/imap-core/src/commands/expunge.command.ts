import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import { ImapSyntaxError, expectEnd, tokenAtom } from '../protocol/command-tokens';
import { expungeLines } from '../session/expunge-announcer';
import type { ImapSession } from '../session/imap-session';

/** Reports our own expunges immediately (EXPUNGE, or VANISHED under QRESYNC). */
export async function reportExpunged(session: ImapSession, uids: readonly number[]): Promise<void> {
  const view = session.view;
  if (!view) return;
  for (const line of expungeLines(session, view, uids)) await session.untagged(line);
}

/** EXPUNGE and UID EXPUNGE (UIDPLUS). */
export const expungeCommand: CommandHandler = {
  states: SELECTED,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    let uids: number[] | null = null;
    if (input.uid) {
      expectEnd(input.args, 1);
      uids = view.resolveSet(tokenAtom(input.args[0], 'UID set'), true);
      if (uids.length === 0) return ok('UID EXPUNGE completed');
    } else if (input.args.length > 0) {
      throw new ImapSyntaxError('EXPUNGE takes no arguments');
    }
    if (view.readOnly) return no('Mailbox is read-only', 'READ-ONLY');
    const expunged = await session.backend.expunge(session.ctx, view.mailboxId, uids);
    await reportExpunged(session, expunged);
    return ok(`${input.uid ? 'UID ' : ''}EXPUNGE completed`);
  },
};
