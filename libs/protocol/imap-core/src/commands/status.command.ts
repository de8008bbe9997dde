import type { MailboxStatus } from '../imap-backend';
import { AUTHENTICATED, type CommandHandler, ok } from '../session/command-handler';
import { ImapSyntaxError, type ImapToken, expectEnd, tokenAtom, tokenList } from '../protocol/command-tokens';

export type StatusItem =
  | 'MESSAGES'
  | 'UIDNEXT'
  | 'UIDVALIDITY'
  | 'UNSEEN'
  | 'DELETED'
  | 'SIZE'
  | 'RECENT'
  | 'HIGHESTMODSEQ'
  | 'APPENDLIMIT'
  | 'MAILBOXID';

const ITEMS = new Set<string>([
  'MESSAGES',
  'UIDNEXT',
  'UIDVALIDITY',
  'UNSEEN',
  'DELETED',
  'SIZE',
  'RECENT',
  'HIGHESTMODSEQ',
  'APPENDLIMIT',
  'MAILBOXID',
]);

export function parseStatusItems(token: ImapToken | undefined): StatusItem[] {
  const items = tokenList(token, 'status items');
  if (items.length === 0) throw new ImapSyntaxError('Empty status item list');
  return items.map((t) => {
    const name = tokenAtom(t, 'status item').toUpperCase();
    if (!ITEMS.has(name)) throw new ImapSyntaxError(`Unknown status item ${name.slice(0, 30)}`);
    return name as StatusItem;
  });
}

/** `(MESSAGES 3 UIDNEXT 7)`; RECENT is 0 unless the backend tracks it; APPENDLIMIT is the server-wide limit. */
export function formatStatus(
  status: MailboxStatus,
  items: readonly StatusItem[],
  appendLimit: number,
): string {
  const parts = items.map((item) => {
    switch (item) {
      case 'MESSAGES':
        return `MESSAGES ${status.messages}`;
      case 'UIDNEXT':
        return `UIDNEXT ${status.uidNext}`;
      case 'UIDVALIDITY':
        return `UIDVALIDITY ${status.uidValidity}`;
      case 'UNSEEN':
        return `UNSEEN ${status.unseen}`;
      case 'DELETED':
        return `DELETED ${status.deleted}`;
      case 'SIZE':
        return `SIZE ${status.size}`;
      case 'RECENT':
        return `RECENT ${status.recent ?? 0}`;
      case 'HIGHESTMODSEQ':
        return `HIGHESTMODSEQ ${status.highestModseq}`;
      case 'APPENDLIMIT':
        return `APPENDLIMIT ${appendLimit}`;
      case 'MAILBOXID':
        return `MAILBOXID (${status.id})`;
    }
  });
  return `(${parts.join(' ')})`;
}

export const statusCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 2);
    const path = session.decodeMailbox(input.args[0]);
    const items = parseStatusItems(input.args[1]);
    // Asking for HIGHESTMODSEQ is a CONDSTORE-enabling command (RFC 7162 3.1).
    if (items.includes('HIGHESTMODSEQ')) await session.startCondstore();
    const status = await session.backend.status(session.ctx, path);
    await session.untagged(
      `STATUS ${session.encodeMailbox(path)} ${formatStatus(status, items, session.options.maxAppendSize)}`,
    );
    return ok('STATUS completed');
  },
};
