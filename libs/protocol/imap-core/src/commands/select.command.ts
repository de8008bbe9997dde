import {
  AUTHENTICATED,
  type CommandHandler,
  type CommandInput,
  type CommandResult,
  ok,
} from '../session/command-handler';
import type { SearchKey } from '../imap-backend';
import { ImapSyntaxError } from '../protocol/command-tokens';
import type { ImapSession } from '../session/imap-session';
import { MailboxView } from '../session/mailbox-view';
import { rememberAnnouncedFlags } from '../session/flag-announcer';
import { SYSTEM_FLAGS, formatFlags } from './flags';

const UNSEEN: SearchKey = { type: 'flag', flag: '\\Seen', present: false };

async function firstUnseenSeq(
  session: ImapSession,
  view: MailboxView,
  known: number | null | undefined,
): Promise<number> {
  if (known === null) return 0;
  if (known !== undefined) return view.seqOf(known);
  const unseen = await session.backend.search(session.ctx, view.mailboxId, UNSEEN, view.allUids());
  let first = 0;
  for (const uid of unseen) {
    const seq = view.seqOf(uid);
    if (seq > 0 && (first === 0 || seq < first)) first = seq;
  }
  return first;
}

async function openMailbox(
  session: ImapSession,
  input: CommandInput,
  readOnly: boolean,
): Promise<CommandResult> {
  if (input.args.length !== 1) throw new ImapSyntaxError('Expected one mailbox name');
  const path = session.decodeMailbox(input.args[0]);
  // A failed SELECT leaves no mailbox selected (RFC 3501 6.3.1).
  if (session.view) {
    session.unselect();
    await session.untagged('OK [CLOSED] Previous mailbox closed');
  }
  const result = await session.backend.select(session.ctx, path, { readOnly });
  const effectiveReadOnly = readOnly || result.readOnly === true;
  const status = result.status;
  const view = new MailboxView(
    status.id,
    path,
    effectiveReadOnly,
    status.uidValidity,
    result.uids,
    status.highestModseq,
  );
  // IMAP4rev2 has no \Recent: such a session holds none, so FETCH and SEARCH never show it.
  if (result.recentUids && !session.rev2) view.markRecent(result.recentUids);
  view.announcedRecent = view.recentCount;
  session.select(view);
  const flags = [...new Set([...SYSTEM_FLAGS, ...result.flags])];
  rememberAnnouncedFlags(view, flags);
  await session.untagged(`${view.exists} EXISTS`);
  if (!session.rev2) await session.untagged(`${view.recentCount} RECENT`);
  await session.untagged(`FLAGS ${formatFlags(flags)}`);
  const permanent = effectiveReadOnly ? '()' : `(${[...flags, '\\*'].join(' ')})`;
  await session.untagged(`OK [PERMANENTFLAGS ${permanent}] Limited`);
  if (!session.rev2 && status.unseen > 0) {
    // IMAP4rev1 requires OK [UNSEEN n] (the first unseen message); rev2 dropped it.
    const first = await firstUnseenSeq(session, view, result.firstUnseenUid);
    if (first > 0) await session.untagged(`OK [UNSEEN ${first}] First unseen`);
  }
  await session.untagged(`OK [UIDVALIDITY ${status.uidValidity}] UIDs valid`);
  await session.untagged(`OK [UIDNEXT ${status.uidNext}] Predicted next UID`);
  if (status.highestModseq > 0) await session.untagged(`OK [HIGHESTMODSEQ ${status.highestModseq}] Highest`);
  if (session.rev2) {
    const attrs = result.specialUse ? ` ${result.specialUse}` : '';
    await session.untagged(`LIST (${attrs.trim()}) "/" ${session.encodeMailbox(path)}`);
  }
  return ok(`${input.name} completed`, effectiveReadOnly ? 'READ-ONLY' : 'READ-WRITE');
}

export const selectCommand: CommandHandler = {
  states: AUTHENTICATED,
  run: (session, input) => openMailbox(session, input, false),
};

export const examineCommand: CommandHandler = {
  states: AUTHENTICATED,
  run: (session, input) => openMailbox(session, input, true),
};
