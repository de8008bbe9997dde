import type { Collection, Document, Filter } from 'mongodb';

/** One window of a listing ordered by `_id`; `after`/`before` are the ids at the edges of the last window. */
export interface IdPageRequest<K> {
  limit: number;
  after?: K;
  before?: K;
}

export interface IdPage<T, K> {
  /** Matches of the filter as a whole, not only this window. */
  total: number;
  results: T[];
  /** The id to continue after, or null at the end. */
  next: K | null;
  /** The id to go back from, or null at the start. */
  previous: K | null;
}

/**
 * Keyset paging on `_id`: stable while documents are added or removed, unlike skip/limit, and each window
 * costs one index range scan whatever its depth.
 */
export const pageById = async <T extends Document & { _id: K }, K>(
  collection: Collection<T>,
  filter: Filter<T>,
  request: IdPageRequest<K>,
): Promise<IdPage<T, K>> => {
  const backwards = request.before !== undefined;
  const bound: Filter<T> = backwards
    ? ({ _id: { $lt: request.before } } as Filter<T>)
    : request.after !== undefined
      ? ({ _id: { $gt: request.after } } as Filter<T>)
      : {};
  const [total, found] = await Promise.all([
    collection.countDocuments(filter),
    collection
      .find({ $and: [filter, bound] } as Filter<T>)
      .sort({ _id: backwards ? -1 : 1 })
      .limit(request.limit + 1)
      .toArray(),
  ]);
  const beyond = found.length > request.limit;
  const results = found.slice(0, request.limit) as unknown as T[];
  if (backwards) results.reverse();
  const first = results[0]?._id;
  const last = results[results.length - 1]?._id;
  const exists = async (side: Filter<T>): Promise<boolean> =>
    (await collection.countDocuments({ $and: [filter, side] } as Filter<T>, { limit: 1 })) > 0;
  const next =
    last === undefined
      ? null
      : !backwards
        ? beyond
          ? last
          : null
        : (await exists({ _id: { $gt: last } } as Filter<T>))
          ? last
          : null;
  const previous =
    first === undefined
      ? null
      : backwards
        ? beyond
          ? first
          : null
        : (await exists({ _id: { $lt: first } } as Filter<T>))
          ? first
          : null;
  return { total, results, next, previous };
};
