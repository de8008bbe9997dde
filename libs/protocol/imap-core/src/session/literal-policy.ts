import { isImapHookError } from '../imap-backend';
import { parseCommand, type RawCommand } from '../protocol/command-parser';
import type { LiteralDecision, LiteralRequest } from '../protocol/command-reader';
import type { ParsedCommand } from '../protocol/command-tokens';
import type { ImapSession } from './imap-session';

/** Result of APPEND's pre-check, kept until the command runs. */
export interface PendingAppend {
  path: string;
  mailboxId: string;
  size: number;
}

const PRE_AUTH_LITERAL = 8 * 1024;
/** Several literals in one ordinary command may add up to this many times the single limit. */
const COMMAND_LITERAL_BUDGET = 4;

function reject(
  code: string | null,
  text: string,
  swallow: boolean,
  status: 'NO' | 'BAD' = 'NO',
): LiteralDecision {
  return { action: 'reject', status, code, text, swallow };
}

/**
 * The arguments before a literal, parsed: the marker (and RFC 6855's `UTF8 (` wrapper) is
 * cut from the last line. Null when the prefix is not valid syntax.
 */
function parsePrefix(prefix: RawCommand): { parsed: ParsedCommand; utf8Wrapper: boolean } | null {
  const lines = [...prefix.lines];
  const last = lines[lines.length - 1] as Buffer;
  const text = last.toString('latin1');
  const m = / (UTF8 \()?~?\{\d+\+?\}$/i.exec(text);
  if (!m) return null;
  // CATENATE's `(TEXT {n}` leaves lists open; closing them lets the arguments before it parse.
  const cut = `${text.slice(0, m.index)}${')'.repeat(openLists(lines.slice(0, -1), text.slice(0, m.index)))}`;
  lines[lines.length - 1] = Buffer.from(cut, 'latin1');
  try {
    return {
      parsed: parseCommand({ lines, literals: prefix.literals }, { maxDepth: 4 }),
      utf8Wrapper: m[1] !== undefined,
    };
  } catch {
    return null;
  }
}

/** How many lists are still open at the end of the command's text so far (quoted strings skipped). */
function openLists(earlier: readonly Buffer[], tail: string): number {
  let depth = 0;
  let quoted = false;
  for (const text of [...earlier.map((line) => line.toString('latin1')), tail]) {
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (quoted) {
        if (char === '\\') i++;
        else if (char === '"') quoted = false;
      } else if (char === '"') quoted = true;
      else if (char === '(') depth++;
      else if (char === ')') depth = Math.max(0, depth - 1);
    }
  }
  return depth;
}

function receivedSoFar(prefix: RawCommand): number {
  let total = 0;
  for (const b of prefix.lines) total += b.length;
  for (const b of prefix.literals) total += b.length;
  return total;
}

/**
 * Decides whether to read an announced literal. APPEND's message literal is checked against
 * APPENDLIMIT and the backend's quota pre-check BEFORE any byte is read: a sync literal then
 * never gets its `+`, and a non-sync (LITERAL+) one is swallowed - read and dropped in
 * chunks, never buffered - since it is bounded by APPENDLIMIT.
 * Any other literal above the limit is refused; if it was non-sync the connection is closed,
 * because swallowing an arbitrary amount would let one client occupy the server indefinitely.
 */
export async function decideLiteral(session: ImapSession, req: LiteralRequest): Promise<LiteralDecision> {
  if (req.command === 'APPEND' && session.state !== 'not-authenticated') {
    const prefix = parsePrefix(req.prefix);
    if (prefix === null) return reject(null, 'Invalid APPEND syntax', false, 'BAD');
    if (prefix.parsed.args.length >= 1) {
      // MULTIAPPEND (RFC 3502): the messages of one command are held together, so together they stay
      // within APPENDLIMIT, and the quota pre-check covers all of them.
      const total = (session.pendingAppend?.size ?? 0) + req.size;
      const withinLimit = req.size <= session.options.maxAppendSize;
      if (!withinLimit) return reject('TOOBIG', 'Message too large', false);
      if (total > session.options.maxAppendSize)
        return reject('TOOBIG', 'Messages of one APPEND exceed the APPENDLIMIT together', true);
      try {
        const path = session.decodeMailbox(prefix.parsed.args[0]);
        const { mailboxId } = await session.backend.appendCheck(session.ctx, { path, size: total });
        session.pendingAppend = { path, mailboxId, size: total };
        return { action: 'accept' };
      } catch (error) {
        if (isImapHookError(error)) return reject(error.code, error.message.replace(/[\r\n]/g, ' '), true);
        const mapped = session.mapError(error);
        return {
          action: 'reject',
          status: mapped.status === 'BAD' ? 'BAD' : 'NO',
          code: mapped.code ?? null,
          text: mapped.text,
          swallow: true,
        };
      }
    }
  }
  const limit =
    session.state === 'not-authenticated'
      ? Math.min(PRE_AUTH_LITERAL, session.options.maxLiteralSize)
      : session.options.maxLiteralSize;
  if (req.size > limit) return reject('TOOBIG', 'Literal too large', false);
  if (receivedSoFar(req.prefix) + req.size > limit * COMMAND_LITERAL_BUDGET)
    return reject('TOOBIG', 'Command too large', false);
  return { action: 'accept' };
}
