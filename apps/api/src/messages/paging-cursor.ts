import { ObjectId } from 'mongodb';
import type { MessageListItem, MessagePage, PageRequest, SortOrder } from '@eider/mailstore';
import { ApiError } from '../common/api-error';

/**
 * Cursors are opaque to clients (WildDuck's are too) but carry only a position: the UID (mailbox
 * listing) or message id (search) of the row at the page edge. The prefix keeps a search cursor from
 * being replayed against a listing and the other way round.
 */
type CursorKind = 'uid' | 'id';

const encode = (kind: CursorKind, key: string): string =>
  Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');

const decode = (kind: CursorKind, cursor: string, field: string): string => {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const prefix = `${kind}:`;
  if (!text.startsWith(prefix)) throw ApiError.badInput(`${field} is not a valid paging cursor`);
  return text.slice(prefix.length);
};

export const encodeUidCursor = (uid: number): string => encode('uid', String(uid));

export const decodeUidCursor = (cursor: string, field: string): number => {
  const value = decode('uid', cursor, field);
  if (!/^[1-9]\d{0,9}$/.test(value)) throw ApiError.badInput(`${field} is not a valid paging cursor`);
  return Number(value);
};

export const encodeIdCursor = (id: ObjectId): string => encode('id', id.toHexString());

export const decodeIdCursor = (cursor: string, field: string): ObjectId => {
  const value = decode('id', cursor, field);
  if (!/^[0-9a-f]{24}$/.test(value)) throw ApiError.badInput(`${field} is not a valid paging cursor`);
  return new ObjectId(value);
};

export interface PagingQuery {
  limit: number;
  order: SortOrder;
  next?: string | undefined;
  previous?: string | undefined;
}

/** `next` wins over `previous` when both are given, as in WildDuck. */
export const pageRequest = <K>(
  query: PagingQuery,
  decodeCursor: (cursor: string, field: string) => K,
): PageRequest<K> => {
  if (query.next) return { limit: query.limit, order: query.order, after: decodeCursor(query.next, 'next') };
  if (query.previous) {
    return { limit: query.limit, order: query.order, before: decodeCursor(query.previous, 'previous') };
  }
  return { limit: query.limit, order: query.order };
};

/** The paging part of a listing response: WildDuck's fields, with null at either end. */
export const pageView = (
  page: MessagePage,
  pageNumber: number,
  cursorOf: (item: MessageListItem) => string,
) => {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  return {
    total: page.total,
    page: pageNumber,
    previousCursor: page.hasPrevious && first ? cursorOf(first) : null,
    nextCursor: page.hasNext && last ? cursorOf(last) : null,
  };
};
