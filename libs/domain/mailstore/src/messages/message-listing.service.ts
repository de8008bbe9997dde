import type { Collection, Filter, ObjectId } from 'mongodb';
import type { ContentType } from '@eider/mime';
import { resolveBodyConditions } from './body-search.filter';
import type { StoredMessageDocument } from './message-body.document';
import type { MessageBodyStore } from './message-body.store';
import type { MessageDocument } from './message.document';
import {
  listThreads,
  type ThreadListCriteria,
  type ThreadPage,
  type ThreadPageRequest,
} from './thread-listing';

/** What a message listing shows per row: no tree, bodies or search data, only the root content type. */
export type MessageListItem = Pick<
  MessageDocument,
  | '_id'
  | 'uid'
  | 'mailbox'
  | 'thread'
  | 'envelope'
  | 'subject'
  | 'hdate'
  | 'idate'
  | 'preview'
  | 'hasAttachments'
  | 'size'
  | 'flags'
  | 'msgid'
  | 'emailId'
> & { tree?: { contentType?: Pick<ContentType, 'mediaType' | 'params'> } };

// An inclusion projection: lighter than excluding HEAVY_FIELDS, and new heavy fields stay out by default.
const LIST_PROJECTION = {
  _id: 1,
  uid: 1,
  mailbox: 1,
  thread: 1,
  envelope: 1,
  subject: 1,
  hdate: 1,
  idate: 1,
  preview: 1,
  hasAttachments: 1,
  size: 1,
  flags: 1,
  msgid: 1,
  emailId: 1,
  contentType: 1,
  // Documents written before bodies moved to `message_bodies` only have it in their inline tree.
  'tree.contentType.mediaType': 1,
  'tree.contentType.params': 1,
} as const;

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

type ListedRow = MessageListItem & { contentType?: StoredMessageDocument['contentType'] };

/** The row as listings have always shown it: the root content type under `tree`. */
const toListItem = ({ contentType, ...row }: ListedRow): MessageListItem =>
  contentType && !row.tree ? { ...row, tree: { contentType } } : row;

/** Paged, light listings of one mailbox and searches across a user's mailboxes. */
export class MessageListingService {
  constructor(
    private readonly messages: Collection<StoredMessageDocument>,
    private readonly bodies: MessageBodyStore,
  ) {}

  /** One page of a mailbox in UID order (UIDs only grow, so this is also arrival order). */
  listMailbox(
    mailbox: ObjectId,
    criteria: MailboxListCriteria,
    request: PageRequest<number>,
  ): Promise<MessagePage> {
    const filter: Filter<StoredMessageDocument> = { mailbox };
    if (criteria.unseen !== undefined) filter.unseen = criteria.unseen;
    if (criteria.flagged !== undefined) filter.flagged = criteria.flagged;
    return this.page(filter, 'uid', request, Number.MAX_SAFE_INTEGER);
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
  ): Promise<MessagePage> {
    const limit = Math.max(1, Math.min(request.limit, MAX_PAGE_SIZE));
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
      this.messages.countDocuments(filter, { limit: countLimit }),
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
