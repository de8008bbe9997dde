import { ObjectId } from 'mongodb';
import type { MailboxDocument } from '@eider/mailstore';
import { mayAccessUser, type Principal } from '../../auth/principal';
import { MAX_UID } from '../../messages/message-lookup';
import { GraphqlApiError } from '../graphql-errors';
import type { RequestLoaders } from '../loaders/request-loaders';
import { objectIdArg } from '../mutations/graphql-access';

/**
 * A mailbox by id that the principal may read. Another user's mailbox is NOT_FOUND, exactly like a
 * missing one, so ids of other users' data reveal nothing.
 */
export const accessibleMailbox = async (
  principal: Principal,
  loaders: RequestLoaders,
  id: ObjectId,
): Promise<MailboxDocument> => {
  const mailbox = await loaders.mailbox.load(id.toHexString());
  if (!mailbox || !mayAccessUser(principal, mailbox.user)) {
    throw new GraphqlApiError('NOT_FOUND', 'Mailbox not found');
  }
  return mailbox;
};

/** A global message id, `<mailboxId>:<uid>`, or BAD_USER_INPUT. */
export const parseMessageId = (value: string, field = 'id'): { mailbox: ObjectId; uid: number } => {
  const match = /^([0-9a-f]{24}):([1-9]\d{0,9})$/i.exec(value);
  const uid = Number(match?.[2]);
  if (!match?.[1] || !(uid <= MAX_UID)) {
    throw new GraphqlApiError(
      'BAD_USER_INPUT',
      `${field} must be a message id of the form <mailboxId>:<uid>`,
    );
  }
  return { mailbox: objectIdArg(match[1], field), uid };
};

/** Keys beyond either end of an ObjectId ordering, for `last` without `before`. */
export const LOWEST_ID = new ObjectId('000000000000000000000000');
export const HIGHEST_ID = new ObjectId('ffffffffffffffffffffffff');
