import { parseSectionSpec } from '@eider/mime';

import { isImapHookError } from '../imap-backend';
import { ImapSyntaxError, type ImapToken, bytesToText, tokenAtom } from '../protocol/command-tokens';
import type { ImapSession } from '../session/imap-session';
import { BadImapUrlError, type MessagePartUrl, parseMessagePartUrl } from './imap-url';

/** One element of `CATENATE (...)` (RFC 4469): literal text, or an IMAP URL to copy bytes from. */
export type CatenatePart = { kind: 'text'; content: Buffer; binary: boolean } | { kind: 'url'; url: string };

/** A URL part that names nothing this user can read: the whole APPEND fails with `NO [BADURL "url"]`. */
export class CatenateUrlError extends Error {
  constructor(readonly url: string) {
    super('The URL names no message part you can read');
  }
}

/** Too many bytes once the parts are joined: `NO [TOOBIG]`. */
export class CatenateTooBigError extends Error {}

export function readCatenateParts(list: ImapToken | undefined): CatenatePart[] {
  if (list?.type !== 'list' || list.items.length === 0)
    throw new ImapSyntaxError('CATENATE needs a list of parts');
  const parts: CatenatePart[] = [];
  for (let i = 0; i < list.items.length; i += 2) {
    const kind = tokenAtom(list.items[i], 'CATENATE part').toUpperCase();
    const value = list.items[i + 1];
    if (kind === 'TEXT') {
      if (value?.type !== 'string' || !value.literal)
        throw new ImapSyntaxError('CATENATE TEXT must be a literal');
      if (!value.binary && value.value.includes(0)) throw new ImapSyntaxError('NUL needs a literal8');
      parts.push({ kind: 'text', content: value.value, binary: value.binary === true });
    } else if (kind === 'URL') {
      if (value?.type !== 'string' && value?.type !== 'atom')
        throw new ImapSyntaxError('CATENATE URL needs a URL');
      parts.push({ kind: 'url', url: value.type === 'atom' ? value.value : bytesToText(value.value) });
    } else {
      throw new ImapSyntaxError('CATENATE parts are TEXT or URL');
    }
  }
  return parts;
}

async function readUrl(session: ImapSession, url: MessagePartUrl, budget: number): Promise<Buffer> {
  const status = await session.backend.status(session.ctx, url.path);
  if (url.uidValidity !== null && url.uidValidity !== status.uidValidity) throw new BadImapUrlError('stale');
  let spec;
  try {
    spec = parseSectionSpec(url.section);
  } catch {
    throw new BadImapUrlError('bad SECTION');
  }
  const needs = { tree: false, content: true };
  for await (const record of session.backend.fetch(session.ctx, status.id, [url.uid], needs)) {
    if (record.uid !== url.uid) continue;
    const section = record.openSection?.(spec);
    if (!section) throw new BadImapUrlError('no such part');
    if (section.length > budget) throw new CatenateTooBigError();
    const chunks: Buffer[] = [];
    for await (const chunk of section.chunks()) chunks.push(chunk);
    const whole = Buffer.concat(chunks);
    if (!url.partial) return whole;
    const end = url.partial.length === null ? whole.length : url.partial.offset + url.partial.length;
    return whole.subarray(url.partial.offset, end);
  }
  throw new BadImapUrlError('no such message');
}

/**
 * Joins the parts into one message. URLs are read through the same hooks as FETCH, so they reach only
 * the session user's own mailboxes; a stale UIDVALIDITY, a missing message or part, or another user's
 * URL is BADURL.
 */
export async function assembleCatenate(
  session: ImapSession,
  parts: readonly CatenatePart[],
): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let total = 0;
  for (const part of parts) {
    let piece: Buffer;
    if (part.kind === 'text') {
      piece = part.content;
    } else {
      try {
        const url = parseMessagePartUrl(part.url, session.ctx.user.username);
        piece = await readUrl(session, url, session.options.maxAppendSize - total);
      } catch (error) {
        if (error instanceof BadImapUrlError || isImapHookError(error)) throw new CatenateUrlError(part.url);
        throw error;
      }
    }
    total += piece.length;
    if (total > session.options.maxAppendSize) throw new CatenateTooBigError();
    pieces.push(piece);
  }
  return Buffer.concat(pieces);
}
