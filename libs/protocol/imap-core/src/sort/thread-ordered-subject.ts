import type { SortRecord } from '../imap-backend';
import { extractBaseSubject } from './base-subject';
import { collationKey, compareCodePoints } from './collation';
import { sentTime } from './sort-keys';
import type { ThreadNode } from './thread-node';

/**
 * THREAD=ORDEREDSUBJECT (RFC 5256 section 3): messages sorted by base subject then sent date, one
 * thread per base subject whose first message is the parent of all the others, threads ordered by
 * their first message's sent date. Ties fall back to mailbox (UID) order.
 */
export function threadByOrderedSubject(records: readonly SortRecord[]): ThreadNode[] {
  const rows = records.map((r) => ({
    uid: r.uid,
    sent: sentTime(r),
    subject: collationKey(extractBaseSubject(r.subject).subject),
  }));
  const byDate = (a: { sent: number; uid: number }, b: { sent: number; uid: number }): number =>
    a.sent - b.sent || a.uid - b.uid;
  rows.sort((a, b) => compareCodePoints(a.subject, b.subject) || byDate(a, b));
  const threads: Array<{ first: (typeof rows)[number]; node: ThreadNode }> = [];
  let current: ThreadNode | null = null;
  let subject: string | null = null;
  for (const row of rows) {
    if (current === null || row.subject !== subject) {
      current = { uid: row.uid, children: [] };
      subject = row.subject;
      threads.push({ first: row, node: current });
    } else {
      current.children.push({ uid: row.uid, children: [] });
    }
  }
  threads.sort((a, b) => byDate(a.first, b.first));
  return threads.map((t) => t.node);
}
