import type { Collection, Filter, ObjectId } from 'mongodb';
import type { MimeNode } from '@eider/mime';
import type { MessageDocument } from './message.document';

export type StreamedMessage = Pick<MessageDocument, 'uid' | 'modseq' | 'flags' | 'idate' | 'sizeCrlf'> & {
  tree?: MimeNode;
};

export interface MailboxCounts {
  messages: number;
  unseen: number;
  deleted: number;
  /** Sum of the CRLF sizes, what STATUS=SIZE and POP3 report. */
  size: number;
}

const LIGHT_PROJECTION = { _id: 0, uid: 1, modseq: 1, flags: 1, idate: 1, sizeCrlf: 1 } as const;
const TREE_PROJECTION = { ...LIGHT_PROJECTION, tree: 1 } as const;
// Below this many UIDs an $in list is cheapest; above it one range scan filtered here reads less.
const IN_LIST_LIMIT = 500;

export interface MailboxSnapshot extends MailboxCounts {
  uids: Uint32Array;
  flagsInUse: string[];
  firstUnseenUid: number | null;
}

/** Read-only views of a mailbox's messages that the protocols list, count and search with. */
export class MessageQueryService {
  constructor(private readonly messages: Collection<MessageDocument>) {}

  /** Separate counts: FerretDB computes only the first accumulator of a $group. */
  async counts(mailbox: ObjectId): Promise<MailboxCounts> {
    const [messages, unseen, deleted, sizes] = await Promise.all([
      this.messages.countDocuments({ mailbox }),
      this.messages.countDocuments({ mailbox, unseen: true }),
      this.messages.countDocuments({ mailbox, deleted: true }),
      this.messages
        .aggregate<{ size: number }>([
          { $match: { mailbox } },
          { $group: { _id: null, size: { $sum: '$sizeCrlf' } } },
        ])
        .toArray(),
    ]);
    return { messages, unseen, deleted, size: sizes[0]?.size ?? 0 };
  }

  /**
   * Counts of several mailboxes in a constant number of queries, one grouped aggregation per counter
   * (FerretDB computes only the first accumulator of a $group). Mailboxes without messages count zero.
   */
  async countsMany(mailboxes: readonly ObjectId[]): Promise<Map<string, MailboxCounts>> {
    const result = new Map<string, MailboxCounts>();
    for (const mailbox of mailboxes) {
      result.set(mailbox.toHexString(), { messages: 0, unseen: 0, deleted: 0, size: 0 });
    }
    if (mailboxes.length === 0) return result;
    const grouped = (match: Filter<MessageDocument>, sum: 1 | '$sizeCrlf') =>
      this.messages
        .aggregate<{ _id: ObjectId; value: number }>([
          { $match: { ...match, mailbox: { $in: [...mailboxes] } } },
          { $group: { _id: '$mailbox', value: { $sum: sum } } },
        ])
        .toArray();
    const [messages, unseen, deleted, sizes] = await Promise.all([
      grouped({}, 1),
      grouped({ unseen: true }, 1),
      grouped({ deleted: true }, 1),
      grouped({}, '$sizeCrlf'),
    ]);
    const apply = (rows: { _id: ObjectId; value: number }[], field: keyof MailboxCounts) => {
      for (const row of rows) {
        const counts = result.get(row._id.toHexString());
        if (counts) counts[field] = row.value;
      }
    };
    apply(messages, 'messages');
    apply(unseen, 'unseen');
    apply(deleted, 'deleted');
    apply(sizes, 'size');
    return result;
  }

  /**
   * Everything SELECT needs from one pass over the mailbox's flags and sizes. On FerretDB every query
   * is a scan, so one pass instead of a count, three more counts, a distinct and a UID list is what
   * makes SELECT bearable on a large mailbox.
   */
  async snapshot(mailbox: ObjectId): Promise<MailboxSnapshot> {
    const uids: number[] = [];
    const flagsInUse = new Set<string>();
    let unseen = 0;
    let deleted = 0;
    let size = 0;
    let firstUnseenUid: number | null = null;
    const cursor = this.messages
      .find({ mailbox }, { projection: { _id: 0, uid: 1, flags: 1, unseen: 1, deleted: 1, sizeCrlf: 1 } })
      .sort({ uid: 1 })
      .batchSize(5000);
    for await (const message of cursor) {
      uids.push(message.uid);
      for (const flag of message.flags) flagsInUse.add(flag);
      if (message.unseen) {
        unseen += 1;
        firstUnseenUid ??= message.uid;
      }
      if (message.deleted) deleted += 1;
      size += message.sizeCrlf;
    }
    return {
      uids: Uint32Array.from(uids),
      messages: uids.length,
      unseen,
      deleted,
      size,
      flagsInUse: [...flagsInUse],
      firstUnseenUid,
    };
  }

  countAboveUid(mailbox: ObjectId, uid: number): Promise<number> {
    return this.messages.countDocuments({ mailbox, uid: { $gt: uid } });
  }

  /** Flags and keywords in use in the mailbox. */
  async flagsInUse(mailbox: ObjectId): Promise<string[]> {
    const flags = await this.messages.distinct('flags', { mailbox });
    return flags.filter((flag): flag is string => typeof flag === 'string');
  }

  /**
   * Streams the listed messages in UID order without holding them all: flag-only reads stay small, and
   * the MIME tree is read only when asked for.
   */
  async *stream(
    mailbox: ObjectId,
    uids: readonly number[] | Uint32Array,
    withTree: boolean,
  ): AsyncGenerator<StreamedMessage> {
    if (uids.length === 0) return;
    const projection = withTree ? TREE_PROJECTION : LIGHT_PROJECTION;
    const batchSize = withTree ? 20 : 2000;
    if (uids.length <= IN_LIST_LIMIT) {
      const cursor = this.messages
        .find({ mailbox, uid: { $in: [...uids] } }, { projection })
        .sort({ uid: 1 })
        .batchSize(batchSize);
      for await (const message of cursor) yield message;
      return;
    }
    const cursor = this.messages
      .find({ mailbox, uid: { $gte: uids[0] ?? 0, $lte: uids[uids.length - 1] ?? 0 } }, { projection })
      .sort({ uid: 1 })
      .batchSize(batchSize);
    let next = 0;
    for await (const message of cursor) {
      const found = message as StreamedMessage;
      while (next < uids.length && (uids[next] ?? 0) < found.uid) next += 1;
      if (next < uids.length && uids[next] === found.uid) yield found;
    }
  }

  /** Messages of one mailbox matching a filter built by a search translator, with the fields asked for. */
  find<K extends keyof MessageDocument>(
    mailbox: ObjectId,
    filter: Filter<MessageDocument>,
    fields: readonly K[],
  ): Promise<Pick<MessageDocument, K>[]> {
    const projection: Record<string, 0 | 1> = { _id: 0 };
    for (const field of fields) projection[field] = 1;
    return this.messages.find({ ...filter, mailbox }, { projection }).toArray();
  }
}
