import type { ObjectId } from 'mongodb';
import type { MailboxDocument, MailStore, MessageDocument } from '@eider/mailstore';
import { parseObjectId } from '../auth/principal';
import { ApiError } from '../common/api-error';

/** IMAP UIDs are non-zero unsigned 32-bit numbers. */
export const MAX_UID = 0xffffffff;

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
