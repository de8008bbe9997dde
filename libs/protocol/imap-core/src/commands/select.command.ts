import {
  AUTHENTICATED,
  type CommandHandler,
  type CommandInput,
  type CommandResult,
  ok,
} from '../session/command-handler';
import type { SearchKey } from '../imap-backend';
import { ImapSyntaxError, type ImapToken, tokenAtom } from '../protocol/command-tokens';
import type { ImapSession } from '../session/imap-session';
import { MailboxView } from '../session/mailbox-view';
import { rememberAnnouncedFlags } from '../session/flag-announcer';
import { SYSTEM_FLAGS, formatFlags } from './flags';
import { type QresyncParams, parseQresyncParams, resyncOnSelect } from '../session/qresync';

/** `(CONDSTORE)` or `(QRESYNC (...))` after the mailbox name (RFC 7162 3.1.8, 3.2.5). */
function parseSelectParams(session: ImapSession, token: ImapToken | undefined): QresyncParams | null {
  if (token === undefined) return null;
  if (token.type !== 'list') throw new ImapSyntaxError('Invalid SELECT parameters');
  let qresync: QresyncParams | null = null;
  for (let index = 0; index < token.items.length; index++) {
    const name = tokenAtom(token.items[index], 'SELECT parameter').toUpperCase();
    if (name === 'CONDSTORE') {
      session.enableCondstore();
    } else if (name === 'QRESYNC') {
      if (!session.qresync) throw new ImapSyntaxError('QRESYNC is not enabled');
      qresync = parseQresyncParams(token.items[++index]);
    } else {
      throw new ImapSyntaxError(`Unknown SELECT parameter ${name.slice(0, 30)}`);
    }
  }
  return qresync;
}

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
  if (input.args.length < 1 || input.args.length > 2) throw new ImapSyntaxError('Expected one mailbox name');
  const path = session.decodeMailbox(input.args[0]);
  const qresync = parseSelectParams(session, input.args[1]);
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
  else if (session.condstore) await session.untagged('OK [NOMODSEQ] No permanent modsequences');
  await session.untagged(`OK [MAILBOXID (${status.id})] Ok`);
  if (session.rev2) {
    const attrs = result.specialUse ? ` ${result.specialUse}` : '';
    await session.untagged(`LIST (${attrs.trim()}) "/" ${session.encodeMailbox(path)}`);
  }
  if (qresync) await resyncOnSelect(session, view, qresync, status.uidNext);
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
