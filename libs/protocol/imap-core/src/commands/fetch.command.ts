import { buildBodyStructure, buildEnvelope, formatBodyStructure, formatEnvelope } from '@eider/mime';

import type { FetchRecord } from '../imap-backend';
import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import { ImapSyntaxError, expectEnd, tokenAtom } from '../protocol/command-tokens';
import { parseSequenceSet } from '../protocol/sequence-set';
import { sendVanishedEarlier, vanishedEarlier } from '../session/qresync';
import { parseFetchModifiers } from './fetch-modifiers';
import { formatInternalDate, imapQuoted } from '../protocol/response-encoding';
import type { ResponsePart } from '../protocol/response-writer';
import type { ImapSession } from '../session/imap-session';
import { type FetchItem, parseFetchItems } from './fetch-items';
import { type BinaryValues, renderBinaryItem, resolveBinaryItems } from './binary-section';
import { formatFlags } from './flags';
import { flagAnnouncements } from '../session/flag-announcer';

function renderRecord(
  session: ImapSession,
  seq: number,
  record: FetchRecord,
  items: readonly FetchItem[],
  addFlags: boolean,
  binary: BinaryValues | null = null,
): ResponsePart[] {
  const parts: ResponsePart[] = [];
  let text = `* ${seq} FETCH (`;
  let first = true;
  const add = (s: string): void => {
    text += (first ? '' : ' ') + s;
    first = false;
  };
  const wire = { maxQuotedLength: 1024 };
  const wantsFlags = addFlags && !items.some((i) => i.kind === 'FLAGS');
  const recent = session.view?.isRecent(record.uid) ?? false;
  for (const item of items) {
    switch (item.kind) {
      case 'FLAGS':
        add(`FLAGS ${formatFlags(record.flags, recent)}`);
        break;
      case 'UID':
        add(`UID ${record.uid}`);
        break;
      case 'INTERNALDATE':
        add(`INTERNALDATE ${formatInternalDate(record.internalDate)}`);
        break;
      case 'RFC822.SIZE':
        add(`RFC822.SIZE ${record.size}`);
        break;
      case 'MODSEQ':
        add(`MODSEQ (${record.modseq})`);
        break;
      case 'EMAILID':
        add(`EMAILID (${record.emailId ?? ''})`);
        break;
      case 'THREADID':
        add(record.threadId ? `THREADID (${record.threadId})` : 'THREADID NIL');
        break;
      case 'SAVEDATE':
        add(`SAVEDATE ${record.saveDate ? formatInternalDate(record.saveDate) : 'NIL'}`);
        break;
      case 'PREVIEW':
        add(
          `PREVIEW ${record.preview == null ? 'NIL' : imapQuoted(previewText(record.preview), { utf8: session.utf8 })}`,
        );
        break;
      case 'ENVELOPE':
        add(`ENVELOPE ${record.tree ? formatEnvelope(buildEnvelope(record.tree), wire) : 'NIL'}`);
        break;
      case 'BODY':
      case 'BODYSTRUCTURE': {
        const extended = item.kind === 'BODYSTRUCTURE';
        const bs = record.tree
          ? formatBodyStructure(buildBodyStructure(record.tree), { ...wire, extended, crlf: true })
          : 'NIL';
        add(`${item.kind} ${bs}`);
        break;
      }
      case 'section': {
        const content = record.openSection?.(item.spec) ?? null;
        const origin = item.spec.partial ? `<${item.spec.partial.start}>` : '';
        add(`${item.label}${origin} `);
        if (content === null) {
          text += 'NIL';
        } else {
          parts.push(text);
          text = '';
          parts.push({ length: content.length, chunks: () => content.chunks() });
        }
        break;
      }
      case 'binary': {
        const out = renderBinaryItem(item, binary?.get(item));
        add(out.text);
        if (out.literal) {
          parts.push(text, out.literal);
          text = '';
        }
        break;
      }
    }
  }
  if (wantsFlags) add(`FLAGS ${formatFlags(record.flags, recent)}`);
  parts.push(`${text})`);
  return parts;
}

const MAX_UID = 4294967295;
const PREVIEW_CHARS = 256;

/** RFC 8970: plain text, no line breaks, at most 256 characters (not bytes). */
function previewText(text: string): string {
  let clean = '';
  for (const char of text.replace(/[\r\n\t]+/g, ' ')) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 && code !== 0x7f) clean += char;
  }
  const chars = Array.from(clean);
  return chars.length > PREVIEW_CHARS ? chars.slice(0, PREVIEW_CHARS).join('') : clean;
}

/** FETCH / UID FETCH: records are streamed from the backend and written with backpressure. */
export const fetchCommand: CommandHandler = {
  states: SELECTED,
  allowExpunge: (input) => input.uid,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    expectEnd(input.args, 3);
    const setText = tokenAtom(input.args[0], 'sequence set');
    const items = parseFetchItems(input.args[1], input.uid);
    const { changedSince, vanished } = parseFetchModifiers(input.args[2]);
    if (vanished && !(input.uid && session.qresync))
      throw new ImapSyntaxError('VANISHED needs UID FETCH and QRESYNC');
    const marksSeen =
      !view.readOnly && items.some((i) => (i.kind === 'section' || i.kind === 'binary') && i.setsSeen);
    if (changedSince !== null || items.some((i) => i.kind === 'MODSEQ')) await session.startCondstore();
    // With CONDSTORE on, flags never travel without the modseq that dates them (RFC 7162 3.1.4.1).
    const flagsShown = marksSeen || items.some((i) => i.kind === 'FLAGS');
    if (
      (changedSince !== null || (session.condstore && flagsShown)) &&
      !items.some((i) => i.kind === 'MODSEQ')
    )
      items.push({ kind: 'MODSEQ' });
    if (vanished && changedSince !== null) {
      const requested = parseSequenceSet(setText, view.maxUid);
      await sendVanishedEarlier(
        session,
        await vanishedEarlier(session, view, changedSince, requested, null, MAX_UID),
      );
    }
    const uids = view.resolveSet(setText, input.uid);
    if (uids.length === 0) return ok('FETCH completed');
    const needs = {
      tree: items.some((i) => ['ENVELOPE', 'BODY', 'BODYSTRUCTURE', 'binary'].includes(i.kind)),
      content: items.some((i) => i.kind === 'section' || i.kind === 'binary'),
      objectIds: items.some((i) => i.kind === 'EMAILID' || i.kind === 'THREADID'),
      preview: items.some((i) => i.kind === 'PREVIEW'),
      ...(changedSince === null ? {} : { changedSince }),
    };
    if (marksSeen) {
      const result = await session.backend.setFlags(session.ctx, view.mailboxId, {
        op: 'add',
        uids,
        flags: ['\\Seen'],
      });
      for (const u of result.updated) session.ownFlagChanges.set(u.uid, u.modseq);
    }
    for await (const record of session.backend.fetch(session.ctx, view.mailboxId, uids, needs)) {
      const seq = view.seqOf(record.uid);
      if (seq === 0 || (changedSince !== null && record.modseq <= changedSince)) continue;
      for (const line of flagAnnouncements(view, record.flags)) await session.untagged(line);
      const binary = await resolveBinaryItems(record, items);
      if ('failure' in binary) return binary.failure;
      await session.writer.writeResponse(renderRecord(session, seq, record, items, marksSeen, binary.values));
    }
    return ok('FETCH completed');
  },
};
