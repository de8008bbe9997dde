import type { Collection, Filter, ObjectId } from 'mongodb';
import type { CounterReader } from './mailbox-counts.cache';
import type { StoredMessageDocument } from './message-body.document';
import { LIST_PROJECTION, type ListedRow } from './message-list.item';
import type { PageRequest } from './message-listing.service';
import type { UidBlockBackfill } from './uid-block.backfill';
import { uidBlockOf } from './uid-block';

/** The equality-only filter of a mailbox listing: FerretDB pushes every field of it down. */
export interface BlockFilter {
  mailbox: ObjectId;
  unseen?: boolean;
  flagged?: boolean;
}

export interface BlockPage {
  rows: ListedRow[];
  hasNext: boolean;
  hasPrevious: boolean;
}

/**
 * Block reads one page may spend in all. A dense mailbox needs one or two per edge; a sparse one (long
 * runs of expunged UIDs, or a rare filter) is cheaper read once by the plain query than block by block.
 */
export const MAX_BLOCK_READS = 48;

interface Budget {
  reads: number;
}

/**
 * Mailbox pages for FerretDB, where a UID range or a sort is evaluated in Go after decoding every row the
 * pushed-down equality lets through. Reading `{mailbox, uidBlock}` one block at a time from the cursor
 * outward decodes a block's rows, not the mailbox's. Returns null when the walk would be too long, and
 * the caller runs the plain query instead.
 */
export class MailboxBlockPager {
  constructor(
    private readonly messages: Collection<StoredMessageDocument>,
    private readonly backfill: UidBlockBackfill,
    private readonly counters: CounterReader,
  ) {}

  async page(filter: BlockFilter, request: PageRequest<number>, limit: number): Promise<BlockPage | null> {
    if (!(await this.backfill.ensure(filter.mailbox))) return null;
    const { uidNext } = await this.counters.current(filter.mailbox);
    const top = uidBlockOf(Math.max(uidNext - 1, 0));
    const budget: Budget = { reads: MAX_BLOCK_READS };
    const desc = request.order === 'desc';
    // Same reading as the plain query: going back from `before` reads the other way and flips the rows.
    const backwards = request.before !== undefined;
    const cursor = backwards ? request.before : request.after;
    const readDesc = backwards ? !desc : desc;
    const read = await this.walk(filter, top, cursor, readDesc, limit + 1, budget);
    if (!read) return null;
    const more = read.length > limit;
    const rows = read.slice(0, limit);
    if (backwards) rows.reverse();
    const beyond = async (key: number | undefined, towardsEnd: boolean): Promise<boolean> => {
      if (key === undefined) return false;
      const descending = towardsEnd ? desc : !desc;
      const found = await this.walk(filter, top, key, descending, 1, budget);
      return found ? found.length > 0 : this.existsBeyond(filter, key, descending);
    };
    if (backwards) {
      const edge = rows.length > 0 ? rows[rows.length - 1]!.uid : request.before;
      return { rows, hasPrevious: more, hasNext: await beyond(edge, true) };
    }
    const hasPrevious =
      request.after === undefined ? false : await beyond(rows[0]?.uid ?? request.after, false);
    return { rows, hasNext: more, hasPrevious };
  }

  /**
   * Up to `want` rows strictly beyond `cursor` in the given direction, block by block; null once the
   * budget runs out.
   */
  private async walk(
    filter: BlockFilter,
    top: number,
    cursor: number | undefined,
    descending: boolean,
    want: number,
    budget: Budget,
  ): Promise<ListedRow[] | null> {
    let block = cursor === undefined ? (descending ? top : 0) : Math.min(uidBlockOf(cursor), top + 1);
    // Past the top block no message exists yet (UIDs below uidNext only): nothing above, start below.
    if (block > top) {
      if (!descending) return [];
      block = top;
    }
    const found: ListedRow[] = [];
    const step = descending ? -1 : 1;
    for (; block >= 0 && block <= top; block += step) {
      if (budget.reads <= 0) return null;
      budget.reads--;
      const rows = await this.messages
        .find<ListedRow>({ ...filter, uidBlock: block } as Filter<StoredMessageDocument>, {
          projection: LIST_PROJECTION,
        })
        .toArray();
      const wanted = rows
        .filter((row) => cursor === undefined || (descending ? row.uid < cursor : row.uid > cursor))
        .sort((a, b) => (descending ? b.uid - a.uid : a.uid - b.uid));
      found.push(...wanted);
      if (found.length >= want) return found.slice(0, want);
    }
    return found;
  }

  private async existsBeyond(filter: BlockFilter, key: number, descending: boolean): Promise<boolean> {
    const found = await this.messages.findOne(
      { ...filter, uid: { [descending ? '$lt' : '$gt']: key } },
      { projection: { _id: 1 } },
    );
    return found !== null;
  }
}
