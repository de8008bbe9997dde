import type { ContentType } from '@eider/mime';
import type { StoredMessageDocument } from './message-body.document';
import type { MessageDocument } from './message.document';

/** What a message listing shows per row: no tree, bodies or search data, only the root content type. */
export type MessageListItem = Pick<
  MessageDocument,
  | '_id'
  | 'uid'
  | 'mailbox'
  | 'thread'
  | 'envelope'
  | 'subject'
  | 'hdate'
  | 'idate'
  | 'preview'
  | 'hasAttachments'
  | 'size'
  | 'flags'
  | 'msgid'
  | 'emailId'
> & { tree?: { contentType?: Pick<ContentType, 'mediaType' | 'params'> } };

// An inclusion projection: lighter than excluding HEAVY_FIELDS, and new heavy fields stay out by default.
export const LIST_PROJECTION = {
  _id: 1,
  uid: 1,
  mailbox: 1,
  thread: 1,
  envelope: 1,
  subject: 1,
  hdate: 1,
  idate: 1,
  preview: 1,
  hasAttachments: 1,
  size: 1,
  flags: 1,
  msgid: 1,
  emailId: 1,
  contentType: 1,
  // Documents written before bodies moved to `message_bodies` only have it in their inline tree.
  'tree.contentType.mediaType': 1,
  'tree.contentType.params': 1,
} as const;

export type ListedRow = MessageListItem & { contentType?: StoredMessageDocument['contentType'] };

/** The row as listings have always shown it: the root content type under `tree`. */
export const toListItem = ({ contentType, ...row }: ListedRow): MessageListItem =>
  contentType && !row.tree ? { ...row, tree: { contentType } } : row;
