import type { ObjectId } from 'mongodb';
import type { MailStore, MessageSearchCriteria } from '@eider/mailstore';
import { ApiError } from '../common/api-error';
import { loadMailbox } from './message-lookup';

const UNSEARCHABLE = new Set(['\\Trash', '\\Junk']);

/** Search terms as validated by `SearchMessagesQuerySchema` (REST) or the GraphQL `search` arguments. */
export interface SearchTerms {
  text?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  subject?: string | undefined;
  datestart?: string | undefined;
  dateend?: string | undefined;
  minSize?: number | undefined;
  maxSize?: number | undefined;
  attachments?: boolean | undefined;
  flagged?: boolean | undefined;
  unseen?: boolean | undefined;
}

/** Checks across terms, done before any mailbox is looked up. */
export const checkSearchTerms = (terms: SearchTerms): void => {
  if (terms.minSize !== undefined && terms.maxSize !== undefined && terms.minSize > terms.maxSize) {
    throw ApiError.badInput('minSize must not be larger than maxSize');
  }
};

/** The store's criteria for validated terms; shared by the REST and GraphQL searches. */
export const searchCriteria = (mailboxes: ObjectId[], terms: SearchTerms): MessageSearchCriteria => {
  checkSearchTerms(terms);
  return {
    mailboxes,
    ...(terms.text ? { text: terms.text } : {}),
    ...(terms.from ? { from: terms.from } : {}),
    ...(terms.to ? { to: terms.to } : {}),
    ...(terms.subject ? { subject: terms.subject } : {}),
    ...(terms.datestart ? { since: new Date(terms.datestart) } : {}),
    ...(terms.dateend ? { until: new Date(terms.dateend) } : {}),
    ...(terms.minSize !== undefined ? { minSize: terms.minSize } : {}),
    ...(terms.maxSize !== undefined ? { maxSize: terms.maxSize } : {}),
    ...(terms.attachments !== undefined ? { hasAttachments: terms.attachments } : {}),
    ...(terms.flagged !== undefined ? { flagged: terms.flagged } : {}),
    ...(terms.unseen !== undefined ? { unseen: terms.unseen } : {}),
  };
};

/** One named mailbox (any, Trash included), or all of them; `searchable` leaves Trash and Junk out. */
export const mailboxesToSearch = async (
  store: MailStore,
  user: ObjectId,
  mailboxId: string | undefined,
  searchable: boolean | undefined,
): Promise<ObjectId[]> => {
  if (mailboxId) return [(await loadMailbox(store, user, mailboxId))._id];
  const mailboxes = await store.mailboxes.list(user);
  return mailboxes
    .filter((mailbox) => !(searchable && mailbox.specialUse && UNSEARCHABLE.has(mailbox.specialUse)))
    .map((mailbox) => mailbox._id);
};
