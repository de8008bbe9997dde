import type { ObjectId } from 'mongodb';
import { MAX_RANGE_ITEMS } from '../../messages/message-changes.range';
import { GraphqlApiError } from '../graphql-errors';
import { parseMessageId } from '../queries/query-access';

// One parser for global message ids, shared with the queries.
export { parseMessageId };

/** Messages one bulk mutation may name; bounds the work and the size of the answer. */
export const MAX_BULK_MESSAGES = 1000;

export interface MessageRef {
  mailbox: ObjectId;
  uid: number;
}

export interface MailboxGroup {
  mailbox: ObjectId;
  uids: number[];
}

export interface NamedMessages {
  /** Each mailbox once, in the order first named, with its UIDs ascending. */
  groups: MailboxGroup[];
  /** Every message once, in the order named: the order the answer keeps. */
  refs: MessageRef[];
}

/**
 * The ids of a bulk mutation, parsed, without repeats, and grouped by mailbox. An empty list or more than
 * `MAX_BULK_MESSAGES` ids is refused.
 */
export const groupMessageIds = (ids: readonly string[], field = 'ids'): NamedMessages => {
  if (ids.length === 0) {
    throw new GraphqlApiError('BAD_USER_INPUT', `${field} must name at least one message`);
  }
  if (ids.length > MAX_BULK_MESSAGES) {
    throw new GraphqlApiError('BAD_USER_INPUT', `${field} may name at most ${MAX_BULK_MESSAGES} messages`);
  }
  const groups = new Map<string, { mailbox: ObjectId; uids: Set<number> }>();
  const refs: MessageRef[] = [];
  ids.forEach((id, index) => {
    const ref = parseMessageId(id, `${field}.${index}`);
    const key = ref.mailbox.toHexString();
    const group = groups.get(key) ?? { mailbox: ref.mailbox, uids: new Set<number>() };
    if (!group.uids.has(ref.uid)) refs.push(ref);
    group.uids.add(ref.uid);
    groups.set(key, group);
  });
  return {
    groups: [...groups.values()].map(({ mailbox, uids }) => ({
      mailbox,
      uids: [...uids].sort((a, b) => a - b),
    })),
    refs,
  };
};

/**
 * UID selectors (`1:3,7,9:10`) naming exactly the given ascending UIDs, split so that none has more items
 * than the message-change service accepts.
 */
export const uidSelectors = (uids: readonly number[]): string[] => {
  const items: string[] = [];
  let start: number | undefined;
  let end = 0;
  for (const uid of uids) {
    if (start !== undefined && uid === end + 1) {
      end = uid;
      continue;
    }
    if (start !== undefined) items.push(start === end ? String(start) : `${start}:${end}`);
    start = uid;
    end = uid;
  }
  if (start !== undefined) items.push(start === end ? String(start) : `${start}:${end}`);
  const selectors: string[] = [];
  for (let index = 0; index < items.length; index += MAX_RANGE_ITEMS) {
    selectors.push(items.slice(index, index + MAX_RANGE_ITEMS).join(','));
  }
  return selectors;
};
