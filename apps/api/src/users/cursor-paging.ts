import { ObjectId } from 'mongodb';
import { z } from 'zod/v4';
import type { IdPage } from '@eider/mailstore';
import { ApiError } from '../common/api-error';

/** `query`, `limit`, `next`, `previous` and `page` as WildDuck's listings take them. */
export const PagedQuerySchema = z
  .object({
    query: z.string().max(256).optional().describe('Substring to match'),
    limit: z.coerce.number().int().min(1).max(250).default(20).describe('Results per page'),
    next: z.string().max(512).optional().describe('nextCursor from the previous response'),
    previous: z.string().max(512).optional().describe('previousCursor from the previous response'),
    page: z.coerce.number().int().min(1).default(1).describe('Page number, echoed back'),
  })
  .strict();
export type PagedQuery = z.infer<typeof PagedQuerySchema>;

// Cursors are opaque to clients; a version tag lets their format change without misreading old ones.
const PREFIX = 'c1:';

export const encodeCursor = (key: string): string => Buffer.from(PREFIX + key, 'utf8').toString('base64url');

export const decodeCursor = (cursor: string, field: string): string => {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || text.length === PREFIX.length)
    throw ApiError.badInput(`${field} is not a valid cursor`);
  return text.slice(PREFIX.length);
};

const objectIdCursor = (cursor: string, field: string): ObjectId => {
  const key = decodeCursor(cursor, field);
  if (!/^[0-9a-f]{24}$/.test(key)) throw ApiError.badInput(`${field} is not a valid cursor`);
  return new ObjectId(key);
};

/** The paging window the query asks for, with ObjectId keys. */
export const objectIdWindow = (query: PagedQuery): { limit: number; after?: ObjectId; before?: ObjectId } => {
  if (query.next !== undefined && query.previous !== undefined)
    throw ApiError.badInput('give either next or previous, not both');
  return {
    limit: query.limit,
    ...(query.next !== undefined ? { after: objectIdCursor(query.next, 'next') } : {}),
    ...(query.previous !== undefined ? { before: objectIdCursor(query.previous, 'previous') } : {}),
  };
};

/** The same with string keys (domain aliases are keyed by their domain). */
export const stringWindow = (query: PagedQuery): { limit: number; after?: string; before?: string } => {
  if (query.next !== undefined && query.previous !== undefined)
    throw ApiError.badInput('give either next or previous, not both');
  return {
    limit: query.limit,
    ...(query.next !== undefined ? { after: decodeCursor(query.next, 'next') } : {}),
    ...(query.previous !== undefined ? { before: decodeCursor(query.previous, 'previous') } : {}),
  };
};

const keyText = (key: ObjectId | string): string => (typeof key === 'string' ? key : key.toHexString());

/** The listing envelope: absent cursors are `false`, as WildDuck clients expect. */
export const pagedResponse = <T, K extends ObjectId | string, R>(
  query: PagedQuery,
  page: IdPage<T, K>,
  view: (item: T) => R,
) => ({
  success: true as const,
  query: query.query ?? '',
  total: page.total,
  page: query.page,
  previousCursor: page.previous === null ? false : encodeCursor(keyText(page.previous)),
  nextCursor: page.next === null ? false : encodeCursor(keyText(page.next)),
  results: page.results.map(view),
});
