import { formatFlags } from '../commands/flags';
import { ImapSyntaxError, type ImapToken, tokenAtom } from '../protocol/command-tokens';
import {
  type NumberRanges,
  expandRanges,
  formatRanges,
  mergeRanges,
  parseSequenceSet,
} from '../protocol/sequence-set';
import { flagAnnouncements } from './flag-announcer';
import type { ImapSession } from './imap-session';
import type { MailboxView } from './mailbox-view';

/** What a client remembers of a mailbox, from `SELECT x (QRESYNC (...))` (RFC 7162 3.2.5). */
export interface QresyncParams {
  uidValidity: number;
  modseq: number;
  /** The UIDs the client knows; null means every UID below UIDNEXT. */
  knownUids: NumberRanges | null;
  /** Pairs of (sequence number, UID) as the client last saw them. */
  sequenceMatch: Array<[number, number]> | null;
}

// Sequence-match data is a sample; a client sending more than this is not sampling.
const MAX_SEQUENCE_MATCH = 10_000;
const MAX_UID = 4294967295;

function number(token: ImapToken | undefined, what: string, min: number): number {
  const text = tokenAtom(token, what);
  if (!/^\d{1,20}$/.test(text)) throw new ImapSyntaxError(`Invalid ${what}`);
  const value = Number(text);
  if (value < min || !Number.isSafeInteger(value)) throw new ImapSyntaxError(`Invalid ${what}`);
  return value;
}

function uidSet(token: ImapToken | undefined, what: string): NumberRanges {
  const text = tokenAtom(token, what);
  // RFC 7162 forbids `*` here: the client names UIDs it has seen, and `*` would mean whatever is newest now.
  if (text.includes('*') || text.includes('$')) throw new ImapSyntaxError(`Invalid ${what}`);
  return parseSequenceSet(text, MAX_UID);
}

function parseSequenceMatch(token: ImapToken): Array<[number, number]> {
  if (token.type !== 'list' || token.items.length !== 2)
    throw new ImapSyntaxError('Invalid QRESYNC sequence-match data');
  const seqs = expandRanges(uidSet(token.items[0], 'known sequence set'), MAX_SEQUENCE_MATCH);
  const uids = expandRanges(uidSet(token.items[1], 'known UID set'), MAX_SEQUENCE_MATCH);
  if (!seqs || !uids) throw new ImapSyntaxError('QRESYNC sequence-match data too large');
  if (seqs.length !== uids.length) throw new ImapSyntaxError('QRESYNC sequence-match sets differ in length');
  return seqs.map((seq, index) => [seq, uids[index] as number]);
}

/** The list after the QRESYNC keyword: `(uidvalidity modseq [known-uids] [(seqs uids)])`. */
export function parseQresyncParams(token: ImapToken | undefined): QresyncParams {
  if (token?.type !== 'list' || token.items.length < 2 || token.items.length > 4)
    throw new ImapSyntaxError('Invalid QRESYNC parameters');
  const [validity, modseq, third, fourth] = token.items;
  const params: QresyncParams = {
    uidValidity: number(validity, 'UIDVALIDITY', 1),
    modseq: number(modseq, 'mod-sequence', 0),
    knownUids: null,
    sequenceMatch: null,
  };
  if (third?.type === 'list') {
    if (fourth) throw new ImapSyntaxError('Invalid QRESYNC parameters');
    params.sequenceMatch = parseSequenceMatch(third);
  } else if (third) {
    params.knownUids = uidSet(third, 'known UIDs');
    if (fourth) params.sequenceMatch = parseSequenceMatch(fourth);
  }
  return params;
}

/**
 * The highest UID below which the client's numbering still matches the view: the pairs are checked in
 * order and the first mismatch stops the walk, since every expunge below a pair shifts its number.
 */
function matchedUpTo(view: MailboxView, pairs: ReadonlyArray<[number, number]>): number {
  let matched = 0;
  for (const [seq, uid] of pairs) {
    if (view.uidAt(seq) !== uid) break;
    matched = Math.max(matched, uid);
  }
  return matched;
}

/**
 * UIDs to announce in `VANISHED (EARLIER)`: exactly the expunges after `since` while the backend still
 * has them; past that, every UID the client may know that the view lacks, which RFC 7162 permits (a
 * client is told again of expunges it already knew) and which keeps resync correct however old the
 * client's state is.
 */
export async function vanishedEarlier(
  session: ImapSession,
  view: MailboxView,
  since: number,
  known: NumberRanges,
  sequenceMatch: ReadonlyArray<[number, number]> | null,
  upTo: number,
): Promise<NumberRanges> {
  const scope = mergeRanges(known);
  const exact = await session.backend.expungedSince(session.ctx, view.mailboxId, since);
  if (exact) {
    const inScope = exact.filter(
      (uid) => view.seqOf(uid) === 0 && scope.some(([lo, hi]) => uid >= lo && uid <= hi),
    );
    return mergeRanges(inScope.map((uid): [number, number] => [uid, uid]));
  }
  const floor = sequenceMatch ? matchedUpTo(view, sequenceMatch) : 0;
  const above = scope
    .map(([lo, hi]): [number, number] => [Math.max(lo, floor + 1), hi])
    .filter(([lo, hi]) => lo <= hi);
  return view.missingRanges(above, upTo);
}

export async function sendVanishedEarlier(session: ImapSession, ranges: NumberRanges): Promise<void> {
  if (ranges.length > 0) await session.untagged(`VANISHED (EARLIER) ${formatRanges(ranges)}`);
}

/** FETCH FLAGS with MODSEQ for every message of `uids` changed after `since` (SELECT QRESYNC). */
export async function sendChangedSince(
  session: ImapSession,
  view: MailboxView,
  since: number,
  uids: readonly number[],
): Promise<void> {
  if (uids.length === 0) return;
  const needs = { tree: false, content: false, changedSince: since };
  for await (const record of session.backend.fetch(session.ctx, view.mailboxId, uids, needs)) {
    if (record.modseq <= since) continue;
    const seq = view.seqOf(record.uid);
    if (seq === 0) continue;
    for (const line of flagAnnouncements(view, record.flags)) await session.untagged(line);
    const flags = formatFlags(record.flags, view.isRecent(record.uid));
    await session.untagged(`${seq} FETCH (UID ${record.uid} FLAGS ${flags} MODSEQ (${record.modseq}))`);
  }
}

/** SELECT's resync: VANISHED (EARLIER) first, then the changed flags, as RFC 7162 3.2.5 orders them. */
export async function resyncOnSelect(
  session: ImapSession,
  view: MailboxView,
  params: QresyncParams,
  uidNext: number,
): Promise<void> {
  // Another UIDVALIDITY means the client's cache is void; it will notice and sync from scratch.
  if (params.uidValidity !== view.uidValidity) return;
  const known = params.knownUids ?? [[1, Math.max(uidNext - 1, 1)]];
  const vanished = await vanishedEarlier(
    session,
    view,
    params.modseq,
    known,
    params.sequenceMatch,
    uidNext - 1,
  );
  await sendVanishedEarlier(session, vanished);
  await sendChangedSince(session, view, params.modseq, view.allUids());
}
