import type { CopyResult } from '../imap-backend';
import {
  type CommandHandler,
  type CommandInput,
  type CommandResult,
  no,
  ok,
  SELECTED,
} from '../session/command-handler';
import { expectEnd, tokenAtom } from '../protocol/command-tokens';
import { formatNumberSet } from '../protocol/sequence-set';
import type { ImapSession } from '../session/imap-session';
import { reportExpunged } from './expunge.command';

function copyUid(result: CopyResult): string | null {
  if (result.mapping.length === 0) return null;
  // COPYUID pairs the sets element by element, so both lists keep the source order.
  const src = result.mapping.map(([s]) => s);
  const dst = result.mapping.map(([, d]) => d);
  const list = (xs: number[]): string =>
    xs.every((x, i) => i === 0 || x > (xs[i - 1] as number)) ? formatNumberSet(xs) : xs.join(',');
  return `COPYUID ${result.uidValidity} ${list(src)} ${list(dst)}`;
}

async function transfer(session: ImapSession, input: CommandInput, move: boolean): Promise<CommandResult> {
  const view = session.view;
  if (!view) return no('No mailbox selected');
  expectEnd(input.args, 2);
  const setText = tokenAtom(input.args[0], 'sequence set');
  const destination = session.decodeMailbox(input.args[1]);
  const uids = view.resolveSet(setText, input.uid);
  if (move && view.readOnly) return no('Mailbox is read-only', 'READ-ONLY');
  if (uids.length === 0) return ok(`${input.name} completed`);
  if (!move) {
    const result = await session.backend.copy(session.ctx, view.mailboxId, uids, destination);
    return ok('COPY completed', copyUid(result));
  }
  const result = await session.backend.move(session.ctx, view.mailboxId, uids, destination);
  const code = copyUid(result);
  if (code) await session.untagged(`OK [${code}] Moved`);
  await reportExpunged(
    session,
    result.mapping.map(([s]) => s),
  );
  return ok('MOVE completed');
}

export const copyCommand: CommandHandler = {
  states: SELECTED,
  run: (session, input) => transfer(session, input, false),
};

export const moveCommand: CommandHandler = {
  states: SELECTED,
  run: (session, input) => transfer(session, input, true),
};
