import type { Collection, Filter, ObjectId } from 'mongodb';
import type { StoredMessageDocument } from './message-body.document';

/** One conversation as a thread listing shows it; counts span all of the user's mailboxes. */
export interface ThreadSummary {
  thread: ObjectId;
  /** Subject of the conversation's first message. */
  subject: string;
  messageCount: number;
  unseenCount: number;
  /** Internal date of the newest message. */
  lastDate: Date;
}

/** A position in the listing: newest activity first, ties broken by thread id. */
export interface ThreadKey {
  last: Date;
  thread: ObjectId;
}

export interface ThreadPageRequest {
  limit: number;
  after?: ThreadKey;
  before?: ThreadKey;
}

export interface ThreadPage {
  items: (ThreadSummary & { key: ThreadKey })[];
  total: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

export interface ThreadListCriteria {
  /** Only conversations with a message in this mailbox (ordered by their activity there). */
  mailbox?: ObjectId;
}

const isNewer = (a: ThreadKey, b: ThreadKey): boolean =>
  a.last.getTime() !== b.last.getTime() ? a.last > b.last : a.thread.toHexString() > b.thread.toHexString();

/**
 * Conversations in listing order, lazily: the user's messages newest first, each thread at its first
 * (newest) message. FerretDB has no `$max` accumulator, so this walks the `user_idate_thread` index instead of
 * grouping, and stops as soon as the page is known.
 */
async function* threadKeys(
  messages: Collection<StoredMessageDocument>,
  match: Filter<StoredMessageDocument>,
): AsyncGenerator<ThreadKey> {
  const seen = new Set<string>();
  const cursor = messages
    .find(match, { projection: { _id: 0, thread: 1, idate: 1 } })
    .sort({ idate: -1, thread: -1 })
    .batchSize(500);
  try {
    for await (const row of cursor) {
      const id = row.thread.toHexString();
      if (seen.has(id)) continue;
      seen.add(id);
      yield { last: row.idate, thread: row.thread };
    }
  } finally {
    await cursor.close();
  }
}

/** Conversations of a user, newest activity first, keyset paged. */
export const listThreads = async (
  messages: Collection<StoredMessageDocument>,
  user: ObjectId,
  criteria: ThreadListCriteria,
  request: ThreadPageRequest,
  maxPageSize: number,
): Promise<ThreadPage> => {
  const limit = Math.max(1, Math.min(request.limit, maxPageSize));
  const match: Filter<StoredMessageDocument> = criteria.mailbox
    ? { user, mailbox: criteria.mailbox }
    : { user };
  const keys: ThreadKey[] = [];
  let hasNext = false;
  let hasPrevious = false;
  const stream = threadKeys(messages, match);
  if (request.before !== undefined) {
    // Everything newer than `before`, keeping the last `limit` of it, then one look past the page.
    const before = request.before;
    let newer = 0;
    let next: IteratorResult<ThreadKey> = await stream.next();
    for (; !next.done && isNewer(next.value, before); next = await stream.next()) {
      newer += 1;
      keys.push(next.value);
      if (keys.length > limit) keys.shift();
    }
    hasPrevious = newer > limit;
    hasNext = !next.done;
  } else {
    for await (const key of stream) {
      if (request.after !== undefined && !isNewer(request.after, key)) {
        hasPrevious = true;
        continue;
      }
      if (keys.length === limit) {
        hasNext = true;
        break;
      }
      keys.push(key);
    }
  }
  await stream.return(undefined);
  const [summaries, threads] = await Promise.all([
    summarise(
      messages,
      user,
      keys.map((key) => key.thread),
    ),
    messages.distinct('thread', match),
  ]);
  const items = keys.flatMap((key) => {
    const summary = summaries.get(key.thread.toHexString());
    return summary ? [{ ...summary, key }] : [];
  });
  return { items, total: threads.length, hasNext, hasPrevious };
};

/** Summaries of the given conversations of a user, by thread id (hex). */
export const summarise = async (
  messages: Collection<StoredMessageDocument>,
  user: ObjectId,
  threads: readonly ObjectId[],
): Promise<Map<string, ThreadSummary>> => {
  const result = new Map<string, ThreadSummary>();
  if (threads.length === 0) return result;
  const rows = await messages
    .find(
      { user, thread: { $in: [...threads] } },
      { projection: { _id: 1, thread: 1, subject: 1, idate: 1, unseen: 1 } },
    )
    .sort({ _id: 1 })
    .toArray();
  for (const row of rows) {
    const key = row.thread.toHexString();
    const summary = result.get(key);
    if (!summary) {
      result.set(key, {
        thread: row.thread,
        subject: row.subject,
        messageCount: 1,
        unseenCount: row.unseen ? 1 : 0,
        lastDate: row.idate,
      });
      continue;
    }
    summary.messageCount += 1;
    if (row.unseen) summary.unseenCount += 1;
    if (row.idate > summary.lastDate) summary.lastDate = row.idate;
  }
  return result;
};
