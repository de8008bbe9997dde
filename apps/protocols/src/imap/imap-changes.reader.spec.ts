import { ObjectId } from 'mongodb';
import type { JournalEntry, JournalPosition } from '@eider/mailstore';
import { readChanges, SETTLE_MS } from './imap-changes.reader';

const mailbox = new ObjectId();
const NOW = 1_000_000_000;

const entry = (
  modseq: number,
  kind: JournalEntry['kind'],
  uid: number,
  ageMs: number,
  flags?: string[],
): JournalEntry => ({
  _id: new ObjectId(),
  user: new ObjectId(),
  mailbox,
  modseq,
  kind,
  uid,
  ...(flags ? { flags } : {}),
  created: new Date(NOW - ageMs),
});

/** A journal reader over a fixed list: the same ordering and paging contract as the real one. */
const journalOf = (entries: JournalEntry[]) => ({
  changesAfter: (_mailbox: ObjectId, position: JournalPosition, limit: number) =>
    Promise.resolve(
      entries
        .filter(
          (e) =>
            e.modseq > position.modseq ||
            (position.id !== undefined &&
              e.modseq === position.modseq &&
              e._id.toHexString() > position.id.toHexString()),
        )
        .slice(0, limit),
    ),
});

describe('readChanges', () => {
  const old = SETTLE_MS * 10;

  it('reports arrivals, expunges and the last flags of each message', async () => {
    const page = await readChanges(
      journalOf([
        entry(5, 'exists', 7, old),
        entry(6, 'flags', 7, old, ['\\Seen']),
        entry(7, 'flags', 7, old, ['\\Seen', '\\Flagged']),
        entry(8, 'expunge', 3, old),
      ]),
      mailbox,
      4,
      new Map(),
      NOW,
    );
    expect(page).toMatchObject({ highestModseq: 8, exists: [7], expunged: [3] });
    expect(page.flagUpdates).toEqual([{ uid: 7, flags: ['\\Seen', '\\Flagged'], modseq: 7 }]);
  });

  it('keeps the cursor before an entry that may still have an earlier writer landing', async () => {
    // modseq 6 was allocated but is not in the journal yet; 7 landed just now.
    const page = await readChanges(
      journalOf([entry(5, 'exists', 1, old), entry(7, 'exists', 3, 10)]),
      mailbox,
      4,
      new Map(),
      NOW,
    );
    expect(page.highestModseq).toBe(5);
    expect(page.exists).toEqual([1, 3]);
  });

  it('does not repeat a flag change it already reported from an unsettled entry', async () => {
    const journal = journalOf([entry(9, 'flags', 2, 10, ['\\Seen'])]);
    const first = await readChanges(journal, mailbox, 8, new Map(), NOW);
    expect(first.flagUpdates).toHaveLength(1);
    expect(first.highestModseq).toBe(8);
    const second = await readChanges(journal, mailbox, first.highestModseq, first.unsettledFlags, NOW);
    expect(second.flagUpdates).toHaveLength(0);
  });

  it('passes a gap once the entry after it has settled', async () => {
    const page = await readChanges(
      journalOf([entry(5, 'exists', 1, old), entry(9, 'exists', 2, old)]),
      mailbox,
      4,
      new Map(),
      NOW,
    );
    expect(page.highestModseq).toBe(9);
  });
});
