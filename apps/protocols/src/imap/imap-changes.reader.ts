import type { FlagUpdate, MailboxChanges } from '@eider/imap-core';
import type { JournalEntry, JournalService } from '@eider/mailstore';
import type { ObjectId } from 'mongodb';

/**
 * How long a journal entry stays "unsettled". A writer allocates its modseq before it appends, so a
 * later modseq can be visible before an earlier one, and a large batch becomes visible a piece at a
 * time. The cursor handed back to the session never passes an unsettled entry; entries past it are
 * reported again next time, which the session absorbs (known UIDs, repeated flags).
 */
export const SETTLE_MS = 3_000;
const PAGE = 2_000;
// A session that fell this far behind is better served page by page over several NOOPs than by one
// enormous answer.
const MAX_PAGES = 25;

export interface ChangesPage extends MailboxChanges {
  /** Flag updates newer than the settled cursor, remembered so the next call does not repeat them. */
  unsettledFlags: Map<number, number>;
  /** The read stopped at its page limit: later entries exist and are not in this page. */
  truncated: boolean;
}

/**
 * Reads the journal after `sinceModseq` into what an IMAP session needs: arrivals, expunges and final
 * flags per UID, plus the highest modseq it may safely treat as fully seen.
 */
export const readChanges = async (
  journal: Pick<JournalService, 'changesAfter'>,
  mailboxId: ObjectId,
  sinceModseq: number,
  alreadyReported: ReadonlyMap<number, number>,
  now = Date.now(),
): Promise<ChangesPage> => {
  const entries: JournalEntry[] = [];
  let position: { modseq: number; id?: ObjectId } = { modseq: sinceModseq };
  let truncated = false;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const batch = await journal.changesAfter(mailboxId, position, PAGE);
    entries.push(...batch);
    const last = batch[batch.length - 1];
    if (batch.length < PAGE || !last) break;
    position = { modseq: last.modseq, id: last._id };
    truncated = page === MAX_PAGES - 1;
  }

  let settled = sinceModseq;
  let settling = true;
  const exists: number[] = [];
  const expunged: number[] = [];
  const flags = new Map<number, FlagUpdate>();
  const unsettledFlags = new Map<number, number>();
  for (const entry of entries) {
    if (settling && now - entry.created.getTime() < SETTLE_MS) settling = false;
    if (settling) settled = entry.modseq;
    if (entry.uid === undefined) continue;
    switch (entry.kind) {
      case 'exists':
        exists.push(entry.uid);
        break;
      case 'expunge':
        expunged.push(entry.uid);
        flags.delete(entry.uid);
        break;
      case 'flags':
        if (entry.flags) flags.set(entry.uid, { uid: entry.uid, flags: entry.flags, modseq: entry.modseq });
        break;
      case 'mailbox':
        break;
    }
  }
  // The cursor may only stop between modseqs: entries sharing the boundary modseq may be incomplete.
  const lastRead = entries[entries.length - 1];
  const boundaryShared =
    (truncated && lastRead?.modseq === settled) ||
    entries.some((entry) => entry.modseq === settled && now - entry.created.getTime() < SETTLE_MS);
  if (boundaryShared && settled > sinceModseq) settled -= 1;
  const flagUpdates: FlagUpdate[] = [];
  for (const update of flags.values()) {
    if (update.modseq > settled) {
      unsettledFlags.set(update.uid, update.modseq);
      if (alreadyReported.get(update.uid) === update.modseq) continue;
    }
    flagUpdates.push(update);
  }
  return {
    highestModseq: Math.max(sinceModseq, settled),
    exists,
    expunged,
    flagUpdates,
    unsettledFlags,
    truncated,
  };
};

/** How far back SELECT looks for writes still landing; beyond this every write has long settled. */
const SELECT_LOOKBACK_MODSEQS = 200;

/**
 * The modseq a newly selected session may start from: the allocator's counter runs ahead of writes
 * still in flight, so the session starts at the last settled journal position instead and hears about
 * those writes when they land.
 */
export const settledCursor = async (
  journal: Pick<JournalService, 'changesAfter' | 'floor'>,
  mailboxId: ObjectId,
  allocatedModseq: number,
): Promise<number> => {
  const floor = await journal.floor(mailboxId);
  const start = Math.max(floor, allocatedModseq - SELECT_LOOKBACK_MODSEQS, 0);
  const page = await readChanges(journal, mailboxId, start, new Map());
  // A mailbox starts at modseq 1 and every change comes after it, so 1 is always safe to report; 0 would
  // read as "no modseqs here" (CONDSTORE's NOMODSEQ).
  return Math.max(1, page.highestModseq);
};
