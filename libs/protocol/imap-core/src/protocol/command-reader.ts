import { type InputBuffer, LineTooLongError } from './input-buffer';
import {
  guessTag,
  type LiteralMarker,
  literalMarkerAtEnd,
  peekTagAndCommand,
  type RawCommand,
} from './command-parser';

export interface LiteralRequest extends LiteralMarker {
  tag: string;
  command: string;
  /** The sub-command for UID commands (`FETCH`), '' otherwise. */
  sub: string;
  /** The command received so far (everything before this literal). */
  prefix: RawCommand;
}

/**
 * What to do with an announced literal. `accept` reads it; `reject` answers with the given
 * tagged status without reading (a sync literal never gets its `+`); for a non-sync literal
 * the bytes are already on their way, so `reject` swallows them (`swallow: true`) or the
 * connection is closed.
 */
export type LiteralDecision =
  | { action: 'accept' }
  | { action: 'reject'; status: 'NO' | 'BAD'; code: string | null; text: string; swallow: boolean };

export type ReadResult =
  | { kind: 'command'; raw: RawCommand; tag: string }
  | { kind: 'rejected'; tag: string; status: 'NO' | 'BAD'; code: string | null; text: string; close: boolean }
  | { kind: 'too-long'; tag: string | null };

export interface CommandReaderOptions {
  maxLineLength: number;
  /** Hard ceiling for the whole command (lines plus literals). */
  maxCommandSize: number;
  decideLiteral: (request: LiteralRequest) => Promise<LiteralDecision>;
  /** Sends `+ ...` for a synchronising literal. */
  sendContinuation: () => Promise<void>;
}

/**
 * Drops what remains of a refused command: lines, and the non-sync literals they announce, up to
 * `budget` bytes. False when that cannot be done safely, and the connection must close instead.
 */
async function skipRestOfCommand(
  input: InputBuffer,
  options: CommandReaderOptions,
  budget: number,
): Promise<boolean> {
  let left = budget;
  for (;;) {
    let line: Buffer;
    try {
      line = await input.readLine(options.maxLineLength);
    } catch (error) {
      if (error instanceof LineTooLongError) return false;
      throw error;
    }
    const marker = literalMarkerAtEnd(line);
    // A sync literal is never sent without its `+`, so the command ends here for the client too.
    if (marker === null || !marker.nonSync) return true;
    if (!Number.isFinite(marker.size) || marker.size > left) return false;
    left -= marker.size;
    await input.skipBytes(marker.size);
  }
}

/**
 * Assembles one command from the input: a line, and for every literal marker at its end the
 * literal bytes plus the next line. Nothing is buffered beyond the limits.
 */
export async function readCommand(input: InputBuffer, options: CommandReaderOptions): Promise<ReadResult> {
  const lines: Buffer[] = [];
  const literals: Buffer[] = [];
  let total = 0;
  let head: ReturnType<typeof peekTagAndCommand> = null;
  for (;;) {
    let line: Buffer;
    try {
      line = await input.readLine(options.maxLineLength);
    } catch (error) {
      if (error instanceof LineTooLongError) {
        return { kind: 'too-long', tag: head?.tag ?? guessTag(error.head) };
      }
      throw error;
    }
    if (lines.length === 0 && line.length === 0) continue; // stray empty line between commands
    lines.push(line);
    total += line.length;
    if (lines.length === 1) head = peekTagAndCommand(line);
    const marker = literalMarkerAtEnd(line);
    if (marker === null) {
      return {
        kind: 'command',
        raw: { lines, literals },
        tag: head?.tag ?? guessTag(lines[0] as Buffer) ?? '*',
      };
    }
    const tag = head?.tag ?? guessTag(line) ?? '*';
    if (head === null) {
      // Not even a tag and a command name: refuse before reading anything.
      if (marker.nonSync) {
        return { kind: 'rejected', tag, status: 'BAD', code: null, text: 'Invalid command', close: true };
      }
      return { kind: 'rejected', tag, status: 'BAD', code: null, text: 'Invalid command', close: false };
    }
    let decision: LiteralDecision;
    if (total + marker.size > options.maxCommandSize) {
      decision = {
        action: 'reject',
        status: 'NO',
        code: 'TOOBIG',
        text: 'Command too large',
        swallow: false,
      };
    } else {
      decision = await options.decideLiteral({
        ...marker,
        tag,
        command: head.command,
        sub: head.sub,
        prefix: { lines: [...lines], literals: [...literals] },
      });
    }
    if (decision.action === 'reject') {
      let close = false;
      if (marker.nonSync) {
        if (decision.swallow && Number.isFinite(marker.size)) {
          await input.skipBytes(marker.size);
          // The rest of the command follows the literal, maybe with more literals (CATENATE); drop it too.
          close = !(await skipRestOfCommand(input, options, options.maxCommandSize - total));
        } else {
          close = true;
        }
      }
      return {
        kind: 'rejected',
        tag,
        status: decision.status,
        code: decision.code,
        text: decision.text,
        close,
      };
    }
    if (!marker.nonSync) await options.sendContinuation();
    literals.push(await input.readBytes(marker.size));
    total += marker.size;
  }
}
