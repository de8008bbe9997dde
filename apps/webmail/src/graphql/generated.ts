// Generated from apps/api/schema.gql and operations.graphql by scripts/generate-graphql-client.mjs.
// Do not edit: change the operations (or the API) and run `node scripts/generate-graphql-client.mjs`.

/** A GraphQL document as a string, carrying its result and variables types. */
export type TypedDocument<TResult, TVariables> = string & {
  readonly __result?: TResult;
  readonly __variables?: TVariables;
};
export type ResultOf<T> = T extends TypedDocument<infer R, unknown> ? R : never;
export type VariablesOf<T> = T extends TypedDocument<unknown, infer V> ? V : never;

export interface AttachmentInput {
  cid?: string | null | undefined;
  content: string;
  contentType?: string | null | undefined;
  filename?: string | null | undefined;
}

export interface AutoreplyInput {
  enabled?: boolean | null | undefined;
  end?: string | null | undefined;
  html?: string | null | undefined;
  name?: string | null | undefined;
  start?: string | null | undefined;
  subject?: string | null | undefined;
  text?: string | null | undefined;
}

export type ChangeResetReason = 'EXPIRED' | 'FUTURE';

export interface CreateFilterInput {
  action: FilterActionInput;
  disabled?: boolean | null | undefined;
  name?: string | null | undefined;
  query: FilterQueryInput;
}

export interface CreateUserInput {
  address?: string | null | undefined;
  forwards?: number | null | undefined;
  imapMaxDownload?: number | null | undefined;
  name?: string | null | undefined;
  password: string;
  pop3MaxDownload?: number | null | undefined;
  quota?: number | null | undefined;
  recipients?: number | null | undefined;
  username: string;
}

export interface FilterActionInput {
  delete?: boolean | null | undefined;
  flag?: boolean | null | undefined;
  mailbox?: string | null | undefined;
  seen?: boolean | null | undefined;
  spam?: boolean | null | undefined;
  targets?: Array<string> | null | undefined;
}

export interface FilterQueryInput {
  from?: string | null | undefined;
  hasAttachments?: boolean | null | undefined;
  listId?: string | null | undefined;
  size?: number | null | undefined;
  subject?: string | null | undefined;
  text?: string | null | undefined;
  to?: string | null | undefined;
}

export type MailboxChangeType = 'FLAGS_CHANGED' | 'MAILBOX_CHANGED' | 'MESSAGES_ADDED' | 'MESSAGES_REMOVED' | 'RESET';

export interface MessageAddressInput {
  address: string;
  name?: string | null | undefined;
}

export type MessageChangeType = 'ADDED' | 'REMOVED' | 'RESET' | 'UPDATED';

export interface MessageHeaderInput {
  key: string;
  value: string;
}

export interface MessageReferenceInput {
  action: ReferenceAction;
  attachmentIds?: Array<string> | null | undefined;
  forwardAttachments?: boolean | null | undefined;
  id: string;
}

export type ReferenceAction = 'FORWARD' | 'REPLY' | 'REPLY_ALL';

export interface SendMessageInput {
  attachments?: Array<AttachmentInput> | null | undefined;
  bcc?: Array<MessageAddressInput> | null | undefined;
  cc?: Array<MessageAddressInput> | null | undefined;
  from?: MessageAddressInput | null | undefined;
  headers?: Array<MessageHeaderInput> | null | undefined;
  html?: string | null | undefined;
  mailboxId?: string | null | undefined;
  reference?: MessageReferenceInput | null | undefined;
  replyTo?: MessageAddressInput | null | undefined;
  subject?: string | null | undefined;
  text?: string | null | undefined;
  to?: Array<MessageAddressInput> | null | undefined;
}

export type SortOrder = 'ASC' | 'DESC';

export interface UpdateFilterInput {
  action?: FilterActionInput | null | undefined;
  disabled?: boolean | null | undefined;
  name?: string | null | undefined;
  query?: FilterQueryInput | null | undefined;
}

export interface UpdateUserInput {
  disabled?: boolean | null | undefined;
  existingPassword?: string | null | undefined;
  forwards?: number | null | undefined;
  imapMaxDownload?: number | null | undefined;
  name?: string | null | undefined;
  password?: string | null | undefined;
  pop3MaxDownload?: number | null | undefined;
  quota?: number | null | undefined;
  recipients?: number | null | undefined;
}

export type MailboxesQuery = {
  mailboxes: Array<{
    id: string;
    name: string;
    path: string;
    specialUse: string | null;
    subscribed: boolean;
    total: number;
    unseen: number;
  }>;
};

export type MailboxesQueryVariables = Record<string, never>;

export const MailboxesDocument = "query Mailboxes {\n  mailboxes {\n    ...MailboxSummary\n  }\n}\n\nfragment MailboxSummary on Mailbox {\n  id\n  name\n  path\n  specialUse\n  subscribed\n  total\n  unseen\n}" as TypedDocument<MailboxesQuery, MailboxesQueryVariables>;

export type InboxPageQuery = {
  messages: {
    edges: Array<{
      cursor: string;
      node: {
        id: string;
        uid: number;
        thread: string;
        subject: string;
        from: {
          name: string;
          address: string;
        } | null;
        to: Array<{
          name: string;
          address: string;
        }>;
        date: string;
        size: number;
        preview: string;
        seen: boolean;
        flagged: boolean;
        answered: boolean;
        draft: boolean;
        hasAttachments: boolean;
      };
    }>;
    pageInfo: {
      hasNextPage: boolean;
      endCursor: string | null;
    };
  };
};

export interface InboxPageQueryVariables {
  mailboxId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  unseen?: boolean | null | undefined;
}

export const InboxPageDocument = "query InboxPage($mailboxId: ID!, $first: Int = 50, $after: String, $unseen: Boolean) {\n  messages(mailboxId: $mailboxId, first: $first, after: $after, unseen: $unseen) {\n    edges {\n      cursor\n      node {\n        ...MessageListItem\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nfragment MessageListItem on Message {\n  id\n  uid\n  thread\n  subject\n  from {\n    name\n    address\n  }\n  to {\n    name\n    address\n  }\n  date\n  size\n  preview\n  seen\n  flagged\n  answered\n  draft\n  hasAttachments\n}" as TypedDocument<InboxPageQuery, InboxPageQueryVariables>;

export type MessageQuery = {
  message: {
    id: string;
    uid: number;
    thread: string;
    subject: string;
    from: {
      name: string;
      address: string;
    } | null;
    to: Array<{
      name: string;
      address: string;
    }>;
    date: string;
    size: number;
    preview: string;
    seen: boolean;
    flagged: boolean;
    answered: boolean;
    draft: boolean;
    hasAttachments: boolean;
    cc: Array<{
      name: string;
      address: string;
    }>;
    replyTo: Array<{
      name: string;
      address: string;
    }>;
    messageId: string | null;
    flags: Array<string>;
    text: string;
    html: string | null;
    remoteImages: number;
    attachments: Array<{
      id: string;
      filename: string;
      contentType: string;
      size: number;
      disposition: string;
      downloadUrl: string;
    }>;
    mailbox: {
      id: string;
      path: string;
    } | null;
  };
};

export interface MessageQueryVariables {
  id: string;
  markAsSeen?: boolean | null | undefined;
  images?: boolean | null | undefined;
}

export const MessageDocument = "query Message($id: ID!, $markAsSeen: Boolean = false, $images: Boolean = false) {\n  message(id: $id, markAsSeen: $markAsSeen) {\n    ...MessageListItem\n    cc {\n      name\n      address\n    }\n    replyTo {\n      name\n      address\n    }\n    messageId\n    flags\n    text\n    html(images: $images)\n    remoteImages\n    attachments {\n      id\n      filename\n      contentType\n      size\n      disposition\n      downloadUrl\n    }\n    mailbox {\n      id\n      path\n    }\n  }\n}\n\nfragment MessageListItem on Message {\n  id\n  uid\n  thread\n  subject\n  from {\n    name\n    address\n  }\n  to {\n    name\n    address\n  }\n  date\n  size\n  preview\n  seen\n  flagged\n  answered\n  draft\n  hasAttachments\n}" as TypedDocument<MessageQuery, MessageQueryVariables>;

export type ThreadsQuery = {
  threads: {
    edges: Array<{
      cursor: string;
      node: {
        id: string;
        subject: string;
        lastDate: string;
        messageCount: number;
        unseenCount: number;
        messages: {
          edges: Array<{
            node: {
              id: string;
              uid: number;
              thread: string;
              subject: string;
              from: {
                name: string;
                address: string;
              } | null;
              to: Array<{
                name: string;
                address: string;
              }>;
              date: string;
              size: number;
              preview: string;
              seen: boolean;
              flagged: boolean;
              answered: boolean;
              draft: boolean;
              hasAttachments: boolean;
              mailbox: {
                id: string;
                path: string;
              } | null;
            };
          }>;
        };
      };
    }>;
    pageInfo: {
      hasNextPage: boolean;
      endCursor: string | null;
    };
  };
};

export interface ThreadsQueryVariables {
  first?: number | null | undefined;
  after?: string | null | undefined;
  mailboxId?: string | null | undefined;
}

export const ThreadsDocument = "query Threads($first: Int = 25, $after: String, $mailboxId: ID) {\n  threads(first: $first, after: $after, mailboxId: $mailboxId) {\n    edges {\n      cursor\n      node {\n        id\n        subject\n        lastDate\n        messageCount\n        unseenCount\n        messages(first: 20) {\n          edges {\n            node {\n              ...MessageListItem\n              mailbox {\n                id\n                path\n              }\n            }\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nfragment MessageListItem on Message {\n  id\n  uid\n  thread\n  subject\n  from {\n    name\n    address\n  }\n  to {\n    name\n    address\n  }\n  date\n  size\n  preview\n  seen\n  flagged\n  answered\n  draft\n  hasAttachments\n}" as TypedDocument<ThreadsQuery, ThreadsQueryVariables>;

export type MessageAddedSubscription = {
  messageAdded: {
    type: MessageChangeType;
    cursor: string;
    resetReason: ChangeResetReason | null;
    id: string | null;
    mailboxId: string | null;
    uid: number | null;
    message: {
      id: string;
      uid: number;
      thread: string;
      subject: string;
      from: {
        name: string;
        address: string;
      } | null;
      to: Array<{
        name: string;
        address: string;
      }>;
      date: string;
      size: number;
      preview: string;
      seen: boolean;
      flagged: boolean;
      answered: boolean;
      draft: boolean;
      hasAttachments: boolean;
    } | null;
  };
};

export interface MessageAddedSubscriptionVariables {
  after?: string | null | undefined;
  mailboxId?: string | null | undefined;
}

export const MessageAddedDocument = "subscription MessageAdded($after: String, $mailboxId: ID) {\n  messageAdded(after: $after, mailboxId: $mailboxId) {\n    type\n    cursor\n    resetReason\n    id\n    mailboxId\n    uid\n    message {\n      ...MessageListItem\n    }\n  }\n}\n\nfragment MessageListItem on Message {\n  id\n  uid\n  thread\n  subject\n  from {\n    name\n    address\n  }\n  to {\n    name\n    address\n  }\n  date\n  size\n  preview\n  seen\n  flagged\n  answered\n  draft\n  hasAttachments\n}" as TypedDocument<MessageAddedSubscription, MessageAddedSubscriptionVariables>;

export type MessageUpdatedSubscription = {
  messageUpdated: {
    type: MessageChangeType;
    cursor: string;
    resetReason: ChangeResetReason | null;
    id: string | null;
    mailboxId: string | null;
    uid: number | null;
    flags: Array<string> | null;
    modseq: number | null;
  };
};

export interface MessageUpdatedSubscriptionVariables {
  after?: string | null | undefined;
  mailboxId?: string | null | undefined;
}

export const MessageUpdatedDocument = "subscription MessageUpdated($after: String, $mailboxId: ID) {\n  messageUpdated(after: $after, mailboxId: $mailboxId) {\n    type\n    cursor\n    resetReason\n    id\n    mailboxId\n    uid\n    flags\n    modseq\n  }\n}" as TypedDocument<MessageUpdatedSubscription, MessageUpdatedSubscriptionVariables>;

export type MessageRemovedSubscription = {
  messageRemoved: {
    type: MessageChangeType;
    cursor: string;
    resetReason: ChangeResetReason | null;
    id: string | null;
    mailboxId: string | null;
    uid: number | null;
  };
};

export interface MessageRemovedSubscriptionVariables {
  after?: string | null | undefined;
  mailboxId?: string | null | undefined;
}

export const MessageRemovedDocument = "subscription MessageRemoved($after: String, $mailboxId: ID) {\n  messageRemoved(after: $after, mailboxId: $mailboxId) {\n    type\n    cursor\n    resetReason\n    id\n    mailboxId\n    uid\n  }\n}" as TypedDocument<MessageRemovedSubscription, MessageRemovedSubscriptionVariables>;

export type MailboxChangedSubscription = {
  mailboxChanged: {
    type: MailboxChangeType;
    cursor: string;
    resetReason: ChangeResetReason | null;
    mailboxId: string | null;
    mailbox: {
      id: string;
      name: string;
      path: string;
      specialUse: string | null;
      subscribed: boolean;
      total: number;
      unseen: number;
    } | null;
  };
};

export interface MailboxChangedSubscriptionVariables {
  after?: string | null | undefined;
}

export const MailboxChangedDocument = "subscription MailboxChanged($after: String) {\n  mailboxChanged(after: $after) {\n    type\n    cursor\n    resetReason\n    mailboxId\n    mailbox {\n      ...MailboxSummary\n    }\n  }\n}\n\nfragment MailboxSummary on Mailbox {\n  id\n  name\n  path\n  specialUse\n  subscribed\n  total\n  unseen\n}" as TypedDocument<MailboxChangedSubscription, MailboxChangedSubscriptionVariables>;
