import type { Collection, Filter, ObjectId } from 'mongodb';
import { resolveBodyConditions } from './body-search.filter';
import type { StoredMessageDocument } from './message-body.document';
import type { MessageBodyStore } from './message-body.store';
import type { MessageDocument } from './message.document';
import type { MailboxBlockPager, BlockFilter } from './mailbox-block.pager';
import type { MailboxCounts } from './message-query.service';
import { LIST_PROJECTION, toListItem, type ListedRow, type MessageListItem } from './message-list.item';
import {
  listThreads,
  type ThreadListCriteria,
  type ThreadPage,
  type ThreadPageRequest,
} from './thread-listing';

export type { MessageListItem } from './message-list.item';

export const MAX_PAGE_SIZE = 250;
/** Counting a regex search reads every candidate; past this many the total is reported as a floor. */
export const MAX_COUNTED_TOTAL = 10_000;
const MAX_TERM_LENGTH = 256;

export type SortOrder = 'asc' | 'desc';

/**
 * Keyset paging: `after` continues past a key in display order, `before` goes back from one. Keys are
 * the last/first row of the page the client saw, so inserts and deletes elsewhere never shift a page.
 */
export interface PageRequest<K> {
  limit: number;
  order: SortOrder;
  after?: K;
  before?: K;
}

export interface MessagePage {
  items: MessageListItem[];
  total: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

export interface MailboxListCriteria {
  unseen?: boolean;
  flagged?: boolean;
}

export interface MessageSearchCriteria {
  /** The mailboxes searched; always the caller's own, resolved beforehand. */
  mailboxes: ObjectId[];
  /** Free text over subject, addresses and body text. */
  text?: string;
  from?: string;
  /** Matches To and Cc. */
  to?: string;
  subject?: string;
  /** INTERNALDATE bounds: `since` inclusive, `until` exclusive. */
  since?: Date;
  until?: Date;
  minSize?: number;
  maxSize?: number;
  hasAttachments?: boolean;
  flagged?: boolean;
  unseen?: boolean;
}

type SortField = 'uid' | '_id';

/** Literal text inside a regex: user input never becomes pattern syntax. */
export const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const containsLower = (value: string) => ({
  $regex: escapeRegex(value.toLowerCase().slice(0, MAX_TERM_LENGTH)),
});
const containsAnyCase = (value: string) => ({
  $regex: escapeRegex(value.slice(0, MAX_TERM_LENGTH)),
  $options: 'i',
});

/** The filter of a search; address fields are stored lowercased, subject and text are matched ignoring case. */
export const buildSearchFilter = (
  user: ObjectId,
  criteria: MessageSearchCriteria,
): Filter<MessageDocument> => {
  const and: Filter<MessageDocument>[] = [];
  const filter: Filter<MessageDocument> = { user, mailbox: { $in: criteria.mailboxes } };
  if (criteria.text) {
    and.push({
      $or: [
        { subject: containsAnyCase(criteria.text) },
        { 'addresses.from': containsLower(criteria.text) },
        { 'addresses.to': containsLower(criteria.text) },
        { 'addresses.cc': containsLower(criteria.text) },
        { text: containsAnyCase(criteria.text) },
        { preview: containsAnyCase(criteria.text) },
      ],
    });
  }
  if (criteria.from) and.push({ 'addresses.from': containsLower(criteria.from) });
  if (criteria.to) {
    and.push({
      $or: [{ 'addresses.to': containsLower(criteria.to) }, { 'addresses.cc': containsLower(criteria.to) }],
    });
  }
  if (criteria.subject) and.push({ subject: containsAnyCase(criteria.subject) });
  if (criteria.since || criteria.until) {
    filter.idate = {
      ...(criteria.since ? { $gte: criteria.since } : {}),
      ...(criteria.until ? { $lt: criteria.until } : {}),
    };
  }
  if (criteria.minSize !== undefined || criteria.maxSize !== undefined) {
    filter.size = {
      ...(criteria.minSize !== undefined ? { $gte: criteria.minSize } : {}),
      ...(criteria.maxSize !== undefined ? { $lte: criteria.maxSize } : {}),
    };
  }
  if (criteria.hasAttachments !== undefined) filter.hasAttachments = criteria.hasAttachments;
  if (criteria.flagged !== undefined) filter.flagged = criteria.flagged;
  if (criteria.unseen !== undefined) filter.unseen = criteria.unseen;
  if (and.length > 0) filter.$and = and;
  return filter;
};

const pageLimit = (request: PageRequest<unknown>): number =>
  Math.max(1, Math.min(request.limit, MAX_PAGE_SIZE));

/** What mailbox listings may use besides the messages collection; both are optional (unit tests). */
export interface MailboxPaging {
  /** The mailbox's cached counts, for totals without a count query. */
  counts?: (mailbox: ObjectId) => Promise<MailboxCounts>;
  /** Block-wise pages, where the store cannot range-scan UIDs (FerretDB). */
  pager?: MailboxBlockPager;
}

/** Paged, light listings of one mailbox and searches across a user's mailboxes. */
export class MessageListingService {
  constructor(
    private readonly messages: Collection<StoredMessageDocument>,
    private readonly bodies: MessageBodyStore,
    private readonly mailboxPaging: MailboxPaging = {},
  ) {}

  /** One page of a mailbox in UID order (UIDs only grow, so this is also arrival order). */
  async listMailbox(
    mailbox: ObjectId,
    criteria: MailboxListCriteria,
    request: PageRequest<number>,
  ): Promise<MessagePage> {
    const filter: BlockFilter = { mailbox };
    if (criteria.unseen !== undefined) filter.unseen = criteria.unseen;
    if (criteria.flagged !== undefined) filter.flagged = criteria.flagged;
    const total = this.mailboxTotal(filter).then((known) => known ?? this.messages.countDocuments(filter));
    const pager = this.mailboxPaging.pager;
    if (pager) {
      const limit = pageLimit(request);
      const [page, counted] = await Promise.all([pager.page(filter, request, limit), total]);
      if (page) {
        const { rows, hasNext, hasPrevious } = page;
        return { items: rows.map(toListItem), total: counted, hasNext, hasPrevious };
      }
      return this.page(filter, 'uid', request, Number.MAX_SAFE_INTEGER, Promise.resolve(counted));
    }
    return this.page(filter, 'uid', request, Number.MAX_SAFE_INTEGER, total);
  }

  /** The cached mailbox counts answer the plain and the seen/unseen listings; null means count the query. */
  private async mailboxTotal(filter: BlockFilter): Promise<number | null> {
    const counts = this.mailboxPaging.counts;
    if (!counts || filter.flagged !== undefined) return null;
    const { messages, unseen } = await counts(filter.mailbox);
    if (filter.unseen === undefined) return messages;
    return filter.unseen ? unseen : messages - unseen;
  }

  /** One page of matches across mailboxes, by message id (creation order). */
  search(
    user: ObjectId,
    criteria: MessageSearchCriteria,
    request: PageRequest<ObjectId>,
  ): Promise<MessagePage> {
    if (criteria.mailboxes.length === 0) {
      return Promise.resolve({ items: [], total: 0, hasNext: false, hasPrevious: false });
    }
    return this.searchPage(user, criteria, request);
  }

  // Free text also matches body text, which lives in `message_bodies`: resolved to message ids first.
  private async searchPage(
    user: ObjectId,
    criteria: MessageSearchCriteria,
    request: PageRequest<ObjectId>,
  ): Promise<MessagePage> {
    const filter = await resolveBodyConditions(
      buildSearchFilter(user, criteria) as Filter<StoredMessageDocument>,
      (bodyFilter) => this.bodies.matchingIds(user, bodyFilter),
    );
    return this.page(filter, '_id', request, MAX_COUNTED_TOTAL);
  }

  /** Envelopes of the user's newest messages (by arrival, every mailbox), e.g. to suggest addresses. */
  recentEnvelopes(user: ObjectId, limit: number): Promise<Pick<MessageDocument, 'envelope' | 'idate'>[]> {
    return this.messages
      .find({ user }, { projection: { _id: 0, envelope: 1, idate: 1 } })
      .sort({ idate: -1 })
      .limit(Math.max(1, limit))
      .toArray();
  }

  /** Conversations of a user across mailboxes, newest activity first. */
  listThreads(user: ObjectId, criteria: ThreadListCriteria, request: ThreadPageRequest): Promise<ThreadPage> {
    return listThreads(this.messages, user, criteria, request, MAX_PAGE_SIZE);
  }

  /** One conversation's messages from every mailbox of the user, by message id (creation order). */
  listThread(user: ObjectId, thread: ObjectId, request: PageRequest<ObjectId>): Promise<MessagePage> {
    return this.page({ user, thread }, '_id', request, MAX_COUNTED_TOTAL);
  }

  private async page<K extends number | ObjectId>(
    filter: Filter<StoredMessageDocument>,
    field: SortField,
    request: PageRequest<K>,
    countLimit: number,
    known?: Promise<number>,
  ): Promise<MessagePage> {
    const limit = pageLimit(request);
    const desc = request.order === 'desc';
    // "Forward" is the display order; going back from `before` reads the other way and flips the rows.
    const backwards = request.before !== undefined;
    const cursorKey = backwards ? request.before : request.after;
    const readDesc = backwards ? !desc : desc;
    const keyFilter = cursorKey === undefined ? {} : { [field]: { [readDesc ? '$lt' : '$gt']: cursorKey } };
    const [rows, total] = await Promise.all([
      this.messages
        .find<ListedRow>({ ...filter, ...keyFilter }, { projection: LIST_PROJECTION })
        .sort({ [field]: readDesc ? -1 : 1 })
        .limit(limit + 1)
        .toArray(),
      known ?? this.messages.countDocuments(filter, { limit: countLimit }),
    ]);
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(toListItem);
    if (backwards) items.reverse();
    const first = items[0];
    const last = items[items.length - 1];
    const keyOf = (item: MessageListItem): K => (field === 'uid' ? item.uid : item._id) as K;
    // Whether anything lies beyond an edge of this page, in display order.
    const beyond = async (key: K | undefined, towardsEnd: boolean): Promise<boolean> => {
      if (key === undefined) return false;
      const descending = towardsEnd ? desc : !desc;
      const found = await this.messages.findOne(
        { ...filter, [field]: { [descending ? '$lt' : '$gt']: key } },
        { projection: { _id: 1 } },
      );
      return found !== null;
    };
    if (backwards) {
      const edge = last ? keyOf(last) : request.before;
      return { items, total, hasPrevious: more, hasNext: await beyond(edge, true) };
    }
    const hasPrevious =
      request.after === undefined ? false : await beyond(first ? keyOf(first) : request.after, false);
    return { items, total, hasNext: more, hasPrevious };
  }
}
