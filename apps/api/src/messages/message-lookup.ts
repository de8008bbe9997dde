import type { ObjectId } from 'mongodb';
import type { MailboxDocument, MailStore, MessageDocument } from '@eider/mailstore';
import { parseObjectId } from '../auth/principal';
import { ApiError } from '../common/api-error';

/** IMAP UIDs are non-zero unsigned 32-bit numbers. */
export const MAX_UID = 0xffffffff;
/** How many messages one request may name, so a reference list cannot turn into an unbounded query. */
export const MAX_MESSAGE_REFS = 1000;

/** `:message` from the path: a positive integer UID, or a 400 naming the field. */
export const parseUid = (value: unknown, field = 'message'): number => {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[1-9]\d{0,9}$/.test(text)) {
    throw ApiError.badInput(`${field} must be a positive integer message id`);
  }
  const uid = Number(text);
  if (uid > MAX_UID) throw ApiError.badInput(`${field} must be a positive integer message id`);
  return uid;
};

/** An inclusive UID range; `to` may be open-ended (`*`). */
export interface UidRange {
  from: number;
  to: number;
}

/**
 * A WildDuck-style message reference: `12`, a list `1,5,9`, or a range `1:10` / `1:*`. Returns
 * sorted, merged ranges. Lists longer than MAX_MESSAGE_REFS are refused.
 */
export const messageRefsFromQuery = (value: unknown, field = 'message'): UidRange[] => {
  if (typeof value !== 'string' || value.length === 0 || value.length > 12_000) {
    throw ApiError.badInput(`${field} must be a message id, a list like 1,2,3 or a range like 1:10`);
  }
  const ranges: UidRange[] = [];
  const parts = value.split(',');
  if (parts.length > MAX_MESSAGE_REFS) throw ApiError.badInput(`${field} names too many messages`);
  for (const part of parts) {
    const range = /^(\d+):(\d+|\*)$/.exec(part.trim());
    if (range) {
      const from = parseUid(range[1], field);
      const to = range[2] === '*' ? MAX_UID : parseUid(range[2], field);
      ranges.push({ from: Math.min(from, to), to: Math.max(from, to) });
    } else {
      const uid = parseUid(part.trim(), field);
      ranges.push({ from: uid, to: uid });
    }
  }
  ranges.sort((a, b) => a.from - b.from);
  const merged: UidRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to + 1) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
};

/** The UIDs of existing messages matching the ranges, in order, at most MAX_MESSAGE_REFS of them. */
export const resolveMessageRefs = async (
  store: MailStore,
  mailbox: MailboxDocument,
  ranges: readonly UidRange[],
  limit = MAX_MESSAGE_REFS,
): Promise<number[]> => {
  const uids: number[] = [];
  for (const range of ranges) {
    for await (const message of store.messages.findRange(mailbox._id, range.from, range.to)) {
      uids.push(message.uid);
      if (uids.length >= limit) return uids;
    }
  }
  return uids;
};

/** `:mailbox` from the path, looked up among this user's mailboxes only (another user's id is a 404). */
export const loadMailbox = (store: MailStore, user: ObjectId, id: unknown): Promise<MailboxDocument> =>
  store.mailboxes.getById(user, parseObjectId(id, 'mailbox'));

/** One message of a mailbox already scoped to the user, with its MIME tree; 404 when it is not there. */
export const loadMessage = (
  store: MailStore,
  mailbox: MailboxDocument,
  uid: number,
): Promise<MessageDocument> => store.messages.get(mailbox._id, uid);

/** `/users/:user/mailboxes/:mailbox/messages/:message`, the base of the per-message URLs. */
export const messagePath = (user: ObjectId, mailbox: ObjectId, uid: number): string =>
  `/users/${user.toHexString()}/mailboxes/${mailbox.toHexString()}/messages/${uid}`;
