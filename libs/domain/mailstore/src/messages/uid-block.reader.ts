import type { Collection, Filter, FindOptions, ObjectId } from 'mongodb';
import type { StoredMessageDocument } from './message-body.document';
import { uidBlockOf } from './uid-block';

/** The most blocks worth reading one query each; past it one query over the mailbox reads less. */
export const MAX_EQUALITY_BLOCKS = 16;

/** Whether `uids` fall in few enough UID blocks for `readByUidBlocks` to pay off. */
export const fitsInFewBlocks = (uids: readonly number[] | Uint32Array): boolean => {
  const blocks = new Set<number>();
  for (const uid of uids) {
    blocks.add(uidBlockOf(uid));
    if (blocks.size > MAX_EQUALITY_BLOCKS) return false;
  }
  return true;
};

/**
 * `uids` cut into runs that each span at most `MAX_EQUALITY_BLOCKS` UID blocks, in the order given. A
 * FerretDB range read decodes the whole mailbox however few UIDs it wants, so reading many UIDs run by
 * run, block by block, decodes only their blocks and keeps memory to one run.
 */
export function* runsOfFewBlocks(uids: readonly number[] | Uint32Array): Generator<number[]> {
  let run: number[] = [];
  const blocks = new Set<number>();
  for (const uid of uids) {
    const block = uidBlockOf(uid);
    if (!blocks.has(block) && blocks.size === MAX_EQUALITY_BLOCKS) {
      yield run;
      run = [];
      blocks.clear();
    }
    blocks.add(block);
    run.push(uid);
  }
  if (run.length > 0) yield run;
}

/**
 * Messages of one mailbox by UID, asked for with top-level equality only, ascending by UID. FerretDB pushes
 * only equality down to its backend and decodes every other candidate, so `uid: {$in}` reads the whole
 * mailbox; `{mailbox, uidBlock}` (64 UIDs) is one indexed query. UIDs a block did not return (a document
 * from before `uidBlock`, or a message since deleted) are asked for one by one.
 */
export async function readByUidBlocks<T extends { uid: number } = StoredMessageDocument>(
  messages: Collection<StoredMessageDocument>,
  scope: { mailbox: ObjectId; user?: ObjectId },
  uids: readonly number[] | Uint32Array,
  options: FindOptions = {},
): Promise<T[]> {
  const wanted = new Set(uids);
  const blocks = [...new Set([...wanted].map(uidBlockOf))];
  const byBlock = await Promise.all(
    blocks.map((uidBlock) =>
      messages.find<T>({ ...scope, uidBlock } as Filter<StoredMessageDocument>, options).toArray(),
    ),
  );
  const found = new Map<number, T>();
  for (const message of byBlock.flat()) if (wanted.has(message.uid)) found.set(message.uid, message);
  const left = [...wanted].filter((uid) => !found.has(uid));
  const single = await Promise.all(
    left.map((uid) => messages.findOne<T>({ ...scope, uid } as Filter<StoredMessageDocument>, options)),
  );
  for (const message of single) if (message) found.set(message.uid, message);
  return [...found.values()].sort((a, b) => a.uid - b.uid);
}
