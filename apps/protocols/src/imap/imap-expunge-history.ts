import { isMailStoreError, type JournalService } from '@eider/mailstore';
import type { ObjectId } from 'mongodb';

const PAGE = 2_000;
// Past this many journal entries a client is better served by the fallback (missing known UIDs), which
// costs one pass over the session's UID list instead of an ever longer journal walk.
const MAX_ENTRIES = 100_000;

/**
 * QRESYNC's VANISHED (EARLIER): the UIDs expunged after `sinceModseq`, read from the change journal.
 * Null when the journal no longer reaches back that far (swept after its retention) or the walk would be
 * too long; the IMAP core then reports every known UID that is gone, which RFC 7162 allows.
 */
export const expungedSince = async (
  journal: Pick<JournalService, 'changesAfter'>,
  mailboxId: ObjectId,
  sinceModseq: number,
): Promise<number[] | null> => {
  const expunged: number[] = [];
  let position: { modseq: number; id?: ObjectId } = { modseq: sinceModseq };
  try {
    for (let read = 0; read < MAX_ENTRIES; read += PAGE) {
      const batch = await journal.changesAfter(mailboxId, position, PAGE);
      for (const entry of batch)
        if (entry.kind === 'expunge' && entry.uid !== undefined) expunged.push(entry.uid);
      const last = batch[batch.length - 1];
      if (batch.length < PAGE || !last) return expunged;
      position = { modseq: last.modseq, id: last._id };
    }
    return null;
  } catch (error) {
    if (isMailStoreError(error, 'JOURNAL_EXPIRED')) return null;
    throw error;
  }
};
