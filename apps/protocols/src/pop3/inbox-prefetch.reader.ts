import { reviveMimeTree, type MimeNode } from '@eider/mime';
import type { MessageQueryService } from '@eider/mailstore';
import type { ObjectId } from 'mongodb';

/** Messages fetched in one query: few for random access, growing while the client reads in order. */
const FIRST_BATCH_MESSAGES = 32;
const MAX_BATCH_MESSAGES = 1024;
/** Whatever the count, one batch holds at most this much message data. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Reads the MIME trees of upcoming maildrop messages in batches: a client downloading its maildrop
 * asks for 1, 2, 3 ... and one range query then serves hundreds of RETRs. On FerretDB, where every
 * query scans the collection, this is the difference between one scan per batch and one per message.
 */
export class InboxPrefetchReader {
  private batch = new Map<number, MimeNode>();
  private batchEnd = -1;
  private batchLimit = FIRST_BATCH_MESSAGES;

  constructor(
    private readonly queries: MessageQueryService,
    private readonly mailbox: ObjectId,
    private readonly uids: Uint32Array,
    private readonly sizes: Uint32Array,
  ) {}

  /** The message's tree, or null when it no longer exists. */
  async tree(index: number): Promise<MimeNode | null> {
    const uid = this.uids[index];
    if (uid === undefined) return null;
    if (!this.batch.has(uid)) await this.load(index);
    const tree = this.batch.get(uid) ?? null;
    this.batch.delete(uid);
    return tree;
  }

  private async load(index: number): Promise<void> {
    this.batch = new Map();
    // Reading on from where the last batch ended: a sequential download, so fetch more at once.
    this.batchLimit =
      index === this.batchEnd ? Math.min(this.batchLimit * 2, MAX_BATCH_MESSAGES) : FIRST_BATCH_MESSAGES;
    let end = index;
    let bytes = 0;
    while (
      end < this.uids.length &&
      end - index < this.batchLimit &&
      (bytes < MAX_BATCH_BYTES || end === index)
    ) {
      bytes += this.sizes[end] ?? 0;
      end++;
    }
    for await (const message of this.queries.stream(this.mailbox, this.uids.subarray(index, end), true)) {
      if (message.tree) this.batch.set(message.uid, reviveMimeTree(message.tree));
    }
    this.batchEnd = end;
  }
}
