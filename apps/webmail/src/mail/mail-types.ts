import type { MailFoldersQuery, MailPageQuery, MailSearchQuery } from '../graphql/generated';

export type Folder = MailFoldersQuery['mailboxes'][number];

type PageItem = MailPageQuery['messages']['edges'][number]['node'];
type SearchItem = MailSearchQuery['search']['edges'][number]['node'];

/** A message row; search results also carry the folder each message is in. */
export type MessageItem = PageItem & { mailbox?: SearchItem['mailbox'] };

export type ListFilter = 'all' | 'unread' | 'starred';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor?: string | null;
}
