import { buildBodyStructure, buildEnvelope, formatBodyStructure, formatEnvelope } from '@eider/mime';

import type { FetchRecord } from '../imap-backend';
import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import { expectEnd, tokenAtom } from '../protocol/command-tokens';
import { formatInternalDate } from '../protocol/response-encoding';
import type { ResponsePart } from '../protocol/response-writer';
import type { ImapSession } from '../session/imap-session';
import { type FetchItem, parseFetchItems } from './fetch-items';
import { formatFlags } from './flags';
import { flagAnnouncements } from '../session/flag-announcer';

function renderRecord(
  session: ImapSession,
  seq: number,
  record: FetchRecord,
  items: readonly FetchItem[],
  addFlags: boolean,
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
    }
  }
  if (wantsFlags) add(`FLAGS ${formatFlags(record.flags, recent)}`);
  parts.push(`${text})`);
  return parts;
}

/** FETCH / UID FETCH: records are streamed from the backend and written with backpressure. */
export const fetchCommand: CommandHandler = {
  states: SELECTED,
  allowExpunge: (input) => input.uid,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    expectEnd(input.args, 2);
    const setText = tokenAtom(input.args[0], 'sequence set');
    const items = parseFetchItems(input.args[1], input.uid);
    const uids = view.resolveSet(setText, input.uid);
    if (uids.length === 0) return ok('FETCH completed');
    const needs = {
      tree: items.some((i) => i.kind === 'ENVELOPE' || i.kind === 'BODY' || i.kind === 'BODYSTRUCTURE'),
      content: items.some((i) => i.kind === 'section'),
    };
    const marksSeen = !view.readOnly && items.some((i) => i.kind === 'section' && i.setsSeen);
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
      if (seq === 0) continue;
      for (const line of flagAnnouncements(view, record.flags)) await session.untagged(line);
      await session.writer.writeResponse(renderRecord(session, seq, record, items, marksSeen));
    }
    return ok('FETCH completed');
  },
};
