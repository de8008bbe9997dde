import { ObjectId, type Collection } from 'mongodb';
import type { MessageDocument } from './message.document';

const MAX_REFS = 64;

/**
 * Finds the conversation a new message belongs to: any message of the same user that it references,
 * or that references it (a reply can arrive before its parent). Both directions use one multikey index
 * on `threadRefs`. Messages with no link start a new thread.
 */
export const resolveThread = async (
  messages: Collection<MessageDocument>,
  user: ObjectId,
  threadRefs: string[],
): Promise<ObjectId> => {
  if (threadRefs.length === 0) return new ObjectId();
  const related = await messages.findOne(
    { user, threadRefs: { $in: threadRefs.slice(0, MAX_REFS) } },
    { projection: { thread: 1 } },
  );
  return related?.thread ?? new ObjectId();
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
