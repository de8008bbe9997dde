import { encodeNulBinaryParts } from '@eider/mime';

import { AUTHENTICATED, type CommandHandler, type CommandInput, ok } from '../session/command-handler';
import { ImapSyntaxError, bytesToText, type ImapToken } from '../protocol/command-tokens';
import { parseDateTime } from '../protocol/response-encoding';
import { formatNumberSet } from '../protocol/sequence-set';
import type { ImapSession } from '../session/imap-session';
import { parseFlagList } from './flags';

interface AppendedMessage {
  flags: string[];
  internalDate: Date | null;
  content: Buffer;
}

/** One `[flags] [date-time] literal` group (RFC 6855's `UTF8 (literal)` included); returns the next index. */
function readMessage(
  session: ImapSession,
  args: readonly ImapToken[],
  start: number,
): [AppendedMessage, number] {
  let flags: string[] = [];
  let internalDate: Date | null = null;
  let index = start;
  if (args[index]?.type === 'list') flags = parseFlagList(args[index++]);
  const date = args[index];
  if (date?.type === 'string' && !date.literal) {
    internalDate = parseDateTime(bytesToText(date.value));
    if (internalDate === null) throw new ImapSyntaxError('Invalid date-time');
    index++;
  }
  let message = args[index++];
  const wrapper = message;
  if (wrapper?.type === 'atom' && wrapper.value.toUpperCase() === 'UTF8') {
    const wrapped = args[index++];
    if (!session.utf8 || wrapped?.type !== 'list' || wrapped.items.length !== 1)
      throw new ImapSyntaxError('Invalid UTF8 APPEND');
    message = wrapped.items[0];
  }
  if (message?.type !== 'string' || !message.literal) throw new ImapSyntaxError('Message must be a literal');
  // An ordinary literal is CHAR8, which excludes NUL; binary content needs literal8 (RFC 3516).
  if (!message.binary && message.value.includes(0)) throw new ImapSyntaxError('NUL needs a literal8');
  // NUL-bearing parts are stored base64-encoded, so BODY[] can return them in an ordinary literal.
  const content = message.binary ? encodeNulBinaryParts(message.value) : message.value;
  return [{ flags, internalDate, content }, index];
}

function readMessages(session: ImapSession, input: CommandInput): AppendedMessage[] {
  const messages: AppendedMessage[] = [];
  for (let index = 1; index < input.args.length;) {
    const [message, next] = readMessage(session, input.args, index);
    messages.push(message);
    index = next;
  }
  if (messages.length === 0) throw new ImapSyntaxError('Invalid APPEND arguments');
  return messages;
}

/**
 * APPEND mailbox [flags] [date-time] literal, repeated for MULTIAPPEND (RFC 3502). The quota and size
 * pre-check already ran in the literal policy before each literal was read (`session.pendingAppend`).
 * MULTIAPPEND is all or nothing: when one message fails, those already stored are expunged again.
 */
export const appendCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    if (input.args.length < 2) throw new ImapSyntaxError('Invalid APPEND arguments');
    const path = session.decodeMailbox(input.args[0]);
    const messages = readMessages(session, input);
    const pending = session.pendingAppend;
    const total = messages.reduce((sum, message) => sum + message.content.length, 0);
    const mailboxId =
      pending && pending.path === path
        ? pending.mailboxId
        : (await session.backend.appendCheck(session.ctx, { path, size: total })).mailboxId;
    const stored: number[] = [];
    let uidValidity = 0;
    try {
      for (const message of messages) {
        const result = await session.backend.append(session.ctx, { mailboxId, ...message });
        stored.push(result.uid);
        uidValidity = result.uidValidity;
      }
    } catch (error) {
      if (stored.length > 0) await undo(session, mailboxId, stored);
      throw error;
    }
    return ok('APPEND completed', `APPENDUID ${uidValidity} ${formatNumberSet(stored)}`);
  },
};

async function undo(session: ImapSession, mailboxId: string, uids: number[]): Promise<void> {
  try {
    await session.backend.setFlags(session.ctx, mailboxId, { op: 'add', uids, flags: ['\\Deleted'] });
    await session.backend.expunge(session.ctx, mailboxId, uids);
  } catch (error) {
    session.logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'MULTIAPPEND undo failed');
  }
}
