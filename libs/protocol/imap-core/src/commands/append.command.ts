import { encodeNulBinaryParts } from '@eider/mime';

import { AUTHENTICATED, type CommandHandler, type CommandInput, no, ok } from '../session/command-handler';
import { ImapSyntaxError, bytesToText, type ImapToken } from '../protocol/command-tokens';
import { parseDateTime } from '../protocol/response-encoding';
import { formatNumberSet } from '../protocol/sequence-set';
import type { ImapSession } from '../session/imap-session';
import { imapQuoted } from '../protocol/response-encoding';
import { parseFlagList } from './flags';
import {
  assembleCatenate,
  type CatenatePart,
  CatenateTooBigError,
  CatenateUrlError,
  readCatenateParts,
} from './catenate';

interface AppendedMessage {
  flags: string[];
  internalDate: Date | null;
  content: Buffer;
  /** CATENATE (RFC 4469): joined into `content` once the target mailbox is known to exist. */
  parts?: CatenatePart[];
}

/** Ordinary literals are CHAR8, which excludes NUL; binary content needs literal8 (RFC 3516). */
function storedContent(value: Buffer, binary: boolean): Buffer {
  if (!binary && value.includes(0)) throw new ImapSyntaxError('NUL needs a literal8');
  // NUL-bearing parts are stored base64-encoded, so BODY[] can return them in an ordinary literal.
  return binary ? encodeNulBinaryParts(value) : value;
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
  if (message?.type === 'atom' && message.value.toUpperCase() === 'CATENATE') {
    const parts = readCatenateParts(args[index++]);
    return [{ flags, internalDate, content: Buffer.alloc(0), parts }, index];
  }
  const wrapper = message;
  if (wrapper?.type === 'atom' && wrapper.value.toUpperCase() === 'UTF8') {
    const wrapped = args[index++];
    if (!session.utf8 || wrapped?.type !== 'list' || wrapped.items.length !== 1)
      throw new ImapSyntaxError('Invalid UTF8 APPEND');
    message = wrapped.items[0];
  }
  if (message?.type !== 'string' || !message.literal) throw new ImapSyntaxError('Message must be a literal');
  return [{ flags, internalDate, content: storedContent(message.value, message.binary === true) }, index];
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
 * APPEND mailbox [flags] [date-time] (literal | CATENATE (parts)), repeated for MULTIAPPEND (RFC 3502). The quota and size
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
    try {
      for (const message of messages)
        if (message.parts) message.content = await joinParts(session, message.parts);
    } catch (error) {
      if (error instanceof CatenateUrlError)
        return no(error.message, `BADURL ${imapQuoted(error.url, { utf8: session.utf8 })}`);
      if (error instanceof CatenateTooBigError) return no('Message too large', 'TOOBIG');
      throw error;
    }
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

async function joinParts(session: ImapSession, parts: CatenatePart[]): Promise<Buffer> {
  // TEXT parts were checked for NUL already; NUL here came in literal8 or from a URL part, both allowed.
  const joined = await assembleCatenate(session, parts);
  return storedContent(joined, true);
}

async function undo(session: ImapSession, mailboxId: string, uids: number[]): Promise<void> {
  try {
    await session.backend.setFlags(session.ctx, mailboxId, { op: 'add', uids, flags: ['\\Deleted'] });
    await session.backend.expunge(session.ctx, mailboxId, uids);
  } catch (error) {
    session.logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'MULTIAPPEND undo failed');
  }
}
