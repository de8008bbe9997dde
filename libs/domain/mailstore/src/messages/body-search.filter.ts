import type { Document, Filter, ObjectId } from 'mongodb';
import { isBodyField, type MessageBodyDocument, type StoredMessageDocument } from './message-body.document';

/** Finds the ids of messages whose body document matches a filter over body fields only. */
export type BodyMatcher = (filter: Filter<MessageBodyDocument>) => Promise<ObjectId[]>;

const LOGICAL = new Set(['$and', '$or', '$nor']);

/**
 * Turns a filter written against whole messages (search translators still say `text`, `searchHeaders`)
 * into one `messages` can answer. Within each conjunction, the conditions on body fields are evaluated
 * together on `message_bodies` (so `{'searchHeaders.key': k, 'searchHeaders.value': v}` keeps its meaning)
 * and replaced by `_id ∈ matches`. The original conditions stay alongside as an alternative, so documents
 * written before the split, which still hold those fields inline, match as they always did; on split
 * documents the fields are absent and the alternative is false. Body conditions are all positive
 * (equality, regex, $elemMatch), so this holds under $nor too.
 */
export const resolveBodyConditions = async <T extends Document = StoredMessageDocument>(
  filter: Filter<T>,
  match: BodyMatcher,
): Promise<Filter<T>> => {
  const kept: Document = {};
  const body: Document = {};
  for (const [key, value] of Object.entries(filter as Document) as [string, unknown][]) {
    if (LOGICAL.has(key) && Array.isArray(value)) {
      kept[key] = await Promise.all(
        (value as Filter<T>[]).map((inner) => resolveBodyConditions(inner, match)),
      );
    } else if (isBodyField(key)) {
      body[key] = value;
    } else {
      kept[key] = value;
    }
  }
  if (Object.keys(body).length === 0) return kept as Filter<T>;
  const ids = await match(body);
  const condition = { $or: [{ _id: { $in: ids } }, body] };
  const and = Array.isArray(kept['$and']) ? (kept['$and'] as Document[]) : [];
  return { ...kept, $and: [...and, condition] } as Filter<T>;
};
