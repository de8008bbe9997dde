import { ObjectId, type Collection } from 'mongodb';

const MAX_REFS = 64;

/** One Message-ID (or reference) of one user, and the conversation it belongs to. */
export interface ThreadRefDocument {
  /** `<user hex>:<lowercased message id>`. */
  _id: string;
  thread: ObjectId;
}

const refKey = (user: ObjectId, ref: string): string => `${user.toHexString()}:${ref}`;

/**
 * Finds the conversation a new message belongs to: any earlier message of the same user that it
 * references, or that references it (a reply can arrive before its parent), then records its own refs.
 * Lookups go by `_id` only, which every store serves from its primary key; a query on the messages'
 * multikey field would scan the whole collection on FerretDB, once per delivery.
 */
export const resolveThread = async (
  threadRefs: Collection<ThreadRefDocument>,
  user: ObjectId,
  refs: string[],
): Promise<ObjectId> => {
  if (refs.length === 0) return new ObjectId();
  const keys = refs.slice(0, MAX_REFS).map((ref) => refKey(user, ref));
  const found = await Promise.all(keys.map((key) => threadRefs.findOne({ _id: key })));
  const thread = found.find((document) => document !== null)?.thread ?? new ObjectId();
  // First writer wins per ref, so duplicates are expected. Threading is a convenience: a failed write only
  // means a later reply may start its own conversation, never that the delivery fails.
  await threadRefs
    .insertMany(
      keys.filter((_key, index) => !found[index]).map((key) => ({ _id: key, thread })),
      { ordered: false },
    )
    .catch(() => undefined);
  return thread;
};

export const buildThreadRefs = (
  messageId: string | null,
  references: string[],
  inReplyTo: string | null,
): string[] => {
  const refs = new Set<string>();
  for (const ref of [messageId, inReplyTo, ...references]) if (ref) refs.add(ref.toLowerCase());
  return [...refs].slice(0, MAX_REFS);
};
