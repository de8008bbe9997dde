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

export type ComposeSourceQuery = {
  message: {
    id: string;
    subject: string;
    date: string;
    messageId: string | null;
    draft: boolean;
    from: {
      name: string;
      address: string;
    } | null;
    to: Array<{
      name: string;
      address: string;
    }>;
    cc: Array<{
      name: string;
      address: string;
    }>;
    bcc: Array<{
      name: string;
      address: string;
    }>;
    replyTo: Array<{
      name: string;
      address: string;
    }>;
    text: string;
    html: string | null;
    attachments: Array<{
      id: string;
      filename: string;
      contentType: string;
      size: number;
      disposition: string;
      related: boolean;
      downloadUrl: string;
    }>;
  };
};

export interface ComposeSourceQueryVariables {
  id: string;
}

export const ComposeSourceDocument = "query ComposeSource($id: ID!) {\n  message(id: $id) {\n    id\n    subject\n    date\n    messageId\n    draft\n    from {\n      name\n      address\n    }\n    to {\n      name\n      address\n    }\n    cc {\n      name\n      address\n    }\n    bcc {\n      name\n      address\n    }\n    replyTo {\n      name\n      address\n    }\n    text\n    html\n    attachments {\n      id\n      filename\n      contentType\n      size\n      disposition\n      related\n      downloadUrl\n    }\n  }\n}" as TypedDocument<ComposeSourceQuery, ComposeSourceQueryVariables>;

export type ComposeIdentityQuery = {
  me: {
    name: string;
    address: string | null;
    addresses: Array<{
      address: string;
      main: boolean;
    }>;
  } | null;
  composeLimits: {
    maxMessageSize: number;
    maxAttachmentBytes: number;
  };
};

export type ComposeIdentityQueryVariables = Record<string, never>;

export const ComposeIdentityDocument = "query ComposeIdentity {\n  me {\n    name\n    address\n    addresses {\n      address\n      main\n    }\n  }\n  composeLimits {\n    maxMessageSize\n    maxAttachmentBytes\n  }\n}" as TypedDocument<ComposeIdentityQuery, ComposeIdentityQueryVariables>;

export type ComposeContactsQuery = {
  contacts: Array<{
    name: string;
    address: string;
    lastUsed: string;
  }>;
};

export interface ComposeContactsQueryVariables {
  query: string;
  first?: number | null | undefined;
}

export const ComposeContactsDocument = "query ComposeContacts($query: String!, $first: Int = 8) {\n  contacts(query: $query, first: $first) {\n    name\n    address\n    lastUsed\n  }\n}" as TypedDocument<ComposeContactsQuery, ComposeContactsQueryVariables>;

export type ComposeSaveDraftMutation = {
  saveDraft: {
    id: string;
  };
};

export interface ComposeSaveDraftMutationVariables {
  input: SendMessageInput;
}

export const ComposeSaveDraftDocument = "mutation ComposeSaveDraft($input: SendMessageInput!) {\n  saveDraft(input: $input) {\n    id\n  }\n}" as TypedDocument<ComposeSaveDraftMutation, ComposeSaveDraftMutationVariables>;

export type ComposeUpdateDraftMutation = {
  updateDraft: {
    id: string;
  };
};

export interface ComposeUpdateDraftMutationVariables {
  id: string;
  input: SendMessageInput;
}

export const ComposeUpdateDraftDocument = "mutation ComposeUpdateDraft($id: ID!, $input: SendMessageInput!) {\n  updateDraft(id: $id, input: $input) {\n    id\n  }\n}" as TypedDocument<ComposeUpdateDraftMutation, ComposeUpdateDraftMutationVariables>;

export type ComposeSendMutation = {
  sendMessage: {
    id: string;
  };
};

export interface ComposeSendMutationVariables {
  input: SendMessageInput;
  draftId?: string | null | undefined;
}

export const ComposeSendDocument = "mutation ComposeSend($input: SendMessageInput!, $draftId: ID) {\n  sendMessage(input: $input, draftId: $draftId) {\n    id\n  }\n}" as TypedDocument<ComposeSendMutation, ComposeSendMutationVariables>;

export type LiveMailboxChangedSubscription = {
  mailboxChanged: {
    type: MailboxChangeType;
    cursor: string;
    resetReason: ChangeResetReason | null;
    mailboxId: string | null;
    uid: number | null;
    modseq: number | null;
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

export interface LiveMailboxChangedSubscriptionVariables {
  after?: string | null | undefined;
}

export const LiveMailboxChangedDocument = "subscription LiveMailboxChanged($after: String) {\n  mailboxChanged(after: $after) {\n    type\n    cursor\n    resetReason\n    mailboxId\n    uid\n    modseq\n    mailbox {\n      ...MailboxSummary\n    }\n  }\n}\n\nfragment MailboxSummary on Mailbox {\n  id\n  name\n  path\n  specialUse\n  subscribed\n  total\n  unseen\n}" as TypedDocument<LiveMailboxChangedSubscription, LiveMailboxChangedSubscriptionVariables>;

export type MailFoldersQuery = {
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

export type MailFoldersQueryVariables = Record<string, never>;

export const MailFoldersDocument = "query MailFolders {\n  mailboxes {\n    ...MailboxSummary\n  }\n}\n\nfragment MailboxSummary on Mailbox {\n  id\n  name\n  path\n  specialUse\n  subscribed\n  total\n  unseen\n}" as TypedDocument<MailFoldersQuery, MailFoldersQueryVariables>;

export type MailPageQuery = {
  messages: {
    totalCount: number;
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
      };
    }>;
    pageInfo: {
      hasNextPage: boolean;
      endCursor: string | null;
    };
  };
};

export interface MailPageQueryVariables {
  mailboxId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  unseen?: boolean | null | undefined;
  flagged?: boolean | null | undefined;
}

export const MailPageDocument = "query MailPage($mailboxId: ID!, $first: Int = 100, $after: String, $unseen: Boolean, $flagged: Boolean) {\n  messages(\n    mailboxId: $mailboxId\n    first: $first\n    after: $after\n    unseen: $unseen\n    flagged: $flagged\n  ) {\n    totalCount\n    edges {\n      node {\n        ...MessageListItem\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nfragment MessageListItem on Message {\n  id\n  uid\n  thread\n  subject\n  from {\n    name\n    address\n  }\n  to {\n    name\n    address\n  }\n  date\n  size\n  preview\n  seen\n  flagged\n  answered\n  draft\n  hasAttachments\n}" as TypedDocument<MailPageQuery, MailPageQueryVariables>;

export type MailSearchQuery = {
  search: {
    totalCount: number;
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
    pageInfo: {
      hasNextPage: boolean;
      endCursor: string | null;
    };
  };
};

export interface MailSearchQueryVariables {
  first?: number | null | undefined;
  after?: string | null | undefined;
  query?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  subject?: string | null | undefined;
  hasAttachment?: boolean | null | undefined;
  unseen?: boolean | null | undefined;
  flagged?: boolean | null | undefined;
  dateStart?: string | null | undefined;
  dateEnd?: string | null | undefined;
  mailboxId?: string | null | undefined;
}

export const MailSearchDocument = "query MailSearch($first: Int = 100, $after: String, $query: String, $from: String, $to: String, $subject: String, $hasAttachment: Boolean, $unseen: Boolean, $flagged: Boolean, $dateStart: DateTime, $dateEnd: DateTime, $mailboxId: ID) {\n  search(\n    first: $first\n    after: $after\n    query: $query\n    from: $from\n    to: $to\n    subject: $subject\n    hasAttachment: $hasAttachment\n    unseen: $unseen\n    flagged: $flagged\n    dateStart: $dateStart\n    dateEnd: $dateEnd\n    mailboxId: $mailboxId\n  ) {\n    totalCount\n    edges {\n      node {\n        ...MessageInFolder\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nfragment MessageInFolder on Message {\n  ...MessageListItem\n  mailbox {\n    id\n    path\n  }\n}\n\nfragment MessageListItem on Message {\n  id\n  uid\n  thread\n  subject\n  from {\n    name\n    address\n  }\n  to {\n    name\n    address\n  }\n  date\n  size\n  preview\n  seen\n  flagged\n  answered\n  draft\n  hasAttachments\n}" as TypedDocument<MailSearchQuery, MailSearchQueryVariables>;

export type MailMessageQuery = {
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
    html: string | null;
    text: string;
    remoteImages: number;
    attachments: Array<{
      id: string;
      filename: string;
      contentType: string;
      size: number;
      disposition: string;
      related: boolean;
      downloadUrl: string;
    }>;
    mailbox: {
      id: string;
      path: string;
      specialUse: string | null;
    } | null;
  };
};

export interface MailMessageQueryVariables {
  id: string;
  markAsSeen?: boolean | null | undefined;
  images?: boolean | null | undefined;
}

export const MailMessageDocument = "query MailMessage($id: ID!, $markAsSeen: Boolean = false, $images: Boolean = false) {\n  message(id: $id, markAsSeen: $markAsSeen) {\n    ...MessageListItem\n    cc {\n      name\n      address\n    }\n    html(images: $images)\n    text\n    remoteImages\n    attachments {\n      id\n      filename\n      contentType\n      size\n      disposition\n      related\n      downloadUrl\n    }\n    mailbox {\n      id\n      path\n      specialUse\n    }\n  }\n}\n\nfragment MessageListItem on Message {\n  id\n  uid\n  thread\n  subject\n  from {\n    name\n    address\n  }\n  to {\n    name\n    address\n  }\n  date\n  size\n  preview\n  seen\n  flagged\n  answered\n  draft\n  hasAttachments\n}" as TypedDocument<MailMessageQuery, MailMessageQueryVariables>;

export type MailThreadsQuery = {
  threads: {
    totalCount: number;
    edges: Array<{
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

export interface MailThreadsQueryVariables {
  first?: number | null | undefined;
  after?: string | null | undefined;
  mailboxId?: string | null | undefined;
}

export const MailThreadsDocument = "query MailThreads($first: Int = 10, $after: String, $mailboxId: ID) {\n  threads(first: $first, after: $after, mailboxId: $mailboxId) {\n    totalCount\n    edges {\n      node {\n        id\n        subject\n        lastDate\n        messageCount\n        unseenCount\n        messages(first: 15) {\n          edges {\n            node {\n              ...MessageInFolder\n            }\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nfragment MessageInFolder on Message {\n  ...MessageListItem\n  mailbox {\n    id\n    path\n  }\n}\n\nfragment MessageListItem on Message {\n  id\n  uid\n  thread\n  subject\n  from {\n    name\n    address\n  }\n  to {\n    name\n    address\n  }\n  date\n  size\n  preview\n  seen\n  flagged\n  answered\n  draft\n  hasAttachments\n}" as TypedDocument<MailThreadsQuery, MailThreadsQueryVariables>;

export type MailSetFlagsMutation = {
  setMessageFlags: Array<{
    id: string;
    seen: boolean;
    flagged: boolean;
  }>;
};

export interface MailSetFlagsMutationVariables {
  ids: Array<string>;
  seen?: boolean | null | undefined;
  flagged?: boolean | null | undefined;
}

export const MailSetFlagsDocument = "mutation MailSetFlags($ids: [ID!]!, $seen: Boolean, $flagged: Boolean) {\n  setMessageFlags(ids: $ids, seen: $seen, flagged: $flagged) {\n    id\n    seen\n    flagged\n  }\n}" as TypedDocument<MailSetFlagsMutation, MailSetFlagsMutationVariables>;

export type MailMoveMutation = {
  moveMessages: Array<{
    id: string;
  }>;
};

export interface MailMoveMutationVariables {
  ids: Array<string>;
  mailboxId: string;
}

export const MailMoveDocument = "mutation MailMove($ids: [ID!]!, $mailboxId: ID!) {\n  moveMessages(ids: $ids, mailboxId: $mailboxId) {\n    id\n  }\n}" as TypedDocument<MailMoveMutation, MailMoveMutationVariables>;

export type MailDeleteMutation = {
  deleteMessages: Array<{
    id: string;
  }>;
};

export interface MailDeleteMutationVariables {
  ids: Array<string>;
}

export const MailDeleteDocument = "mutation MailDelete($ids: [ID!]!) {\n  deleteMessages(ids: $ids) {\n    id\n  }\n}" as TypedDocument<MailDeleteMutation, MailDeleteMutationVariables>;

export type MailCreateFolderMutation = {
  createMailbox: {
    id: string;
    name: string;
    path: string;
    specialUse: string | null;
    subscribed: boolean;
    total: number;
    unseen: number;
  };
};

export interface MailCreateFolderMutationVariables {
  path: string;
}

export const MailCreateFolderDocument = "mutation MailCreateFolder($path: String!) {\n  createMailbox(path: $path) {\n    ...MailboxSummary\n  }\n}\n\nfragment MailboxSummary on Mailbox {\n  id\n  name\n  path\n  specialUse\n  subscribed\n  total\n  unseen\n}" as TypedDocument<MailCreateFolderMutation, MailCreateFolderMutationVariables>;

export type MailRowFlagsQuery = {
  message: {
    id: string;
    seen: boolean;
    flagged: boolean;
  };
};

export interface MailRowFlagsQueryVariables {
  id: string;
}

export const MailRowFlagsDocument = "query MailRowFlags($id: ID!) {\n  message(id: $id) {\n    id\n    seen\n    flagged\n  }\n}" as TypedDocument<MailRowFlagsQuery, MailRowFlagsQueryVariables>;

export type SettingsFiltersQuery = {
  filters: Array<{
    id: string;
    name: string;
    disabled: boolean;
    created: string;
    query: {
      from: string | null;
      to: string | null;
      subject: string | null;
      listId: string | null;
      text: string | null;
      hasAttachments: boolean | null;
      size: number | null;
    };
    action: {
      seen: boolean | null;
      flag: boolean | null;
      delete: boolean | null;
      spam: boolean | null;
      mailbox: string | null;
      targets: Array<string> | null;
    };
  }>;
  mailboxes: Array<{
    id: string;
    path: string;
  }>;
};

export type SettingsFiltersQueryVariables = Record<string, never>;

export const SettingsFiltersDocument = "query SettingsFilters {\n  filters {\n    ...SettingsFilter\n  }\n  mailboxes {\n    id\n    path\n  }\n}\n\nfragment SettingsFilter on Filter {\n  id\n  name\n  disabled\n  created\n  query {\n    from\n    to\n    subject\n    listId\n    text\n    hasAttachments\n    size\n  }\n  action {\n    seen\n    flag\n    delete\n    spam\n    mailbox\n    targets\n  }\n}" as TypedDocument<SettingsFiltersQuery, SettingsFiltersQueryVariables>;

export type SettingsCreateFilterMutation = {
  createFilter: {
    id: string;
    name: string;
    disabled: boolean;
    created: string;
    query: {
      from: string | null;
      to: string | null;
      subject: string | null;
      listId: string | null;
      text: string | null;
      hasAttachments: boolean | null;
      size: number | null;
    };
    action: {
      seen: boolean | null;
      flag: boolean | null;
      delete: boolean | null;
      spam: boolean | null;
      mailbox: string | null;
      targets: Array<string> | null;
    };
  };
};

export interface SettingsCreateFilterMutationVariables {
  input: CreateFilterInput;
}

export const SettingsCreateFilterDocument = "mutation SettingsCreateFilter($input: CreateFilterInput!) {\n  createFilter(input: $input) {\n    ...SettingsFilter\n  }\n}\n\nfragment SettingsFilter on Filter {\n  id\n  name\n  disabled\n  created\n  query {\n    from\n    to\n    subject\n    listId\n    text\n    hasAttachments\n    size\n  }\n  action {\n    seen\n    flag\n    delete\n    spam\n    mailbox\n    targets\n  }\n}" as TypedDocument<SettingsCreateFilterMutation, SettingsCreateFilterMutationVariables>;

export type SettingsUpdateFilterMutation = {
  updateFilter: {
    id: string;
    name: string;
    disabled: boolean;
    created: string;
    query: {
      from: string | null;
      to: string | null;
      subject: string | null;
      listId: string | null;
      text: string | null;
      hasAttachments: boolean | null;
      size: number | null;
    };
    action: {
      seen: boolean | null;
      flag: boolean | null;
      delete: boolean | null;
      spam: boolean | null;
      mailbox: string | null;
      targets: Array<string> | null;
    };
  };
};

export interface SettingsUpdateFilterMutationVariables {
  id: string;
  input: UpdateFilterInput;
}

export const SettingsUpdateFilterDocument = "mutation SettingsUpdateFilter($id: ID!, $input: UpdateFilterInput!) {\n  updateFilter(id: $id, input: $input) {\n    ...SettingsFilter\n  }\n}\n\nfragment SettingsFilter on Filter {\n  id\n  name\n  disabled\n  created\n  query {\n    from\n    to\n    subject\n    listId\n    text\n    hasAttachments\n    size\n  }\n  action {\n    seen\n    flag\n    delete\n    spam\n    mailbox\n    targets\n  }\n}" as TypedDocument<SettingsUpdateFilterMutation, SettingsUpdateFilterMutationVariables>;

export type SettingsDeleteFilterMutation = {
  deleteFilter: {
    id: string;
  };
};

export interface SettingsDeleteFilterMutationVariables {
  id: string;
}

export const SettingsDeleteFilterDocument = "mutation SettingsDeleteFilter($id: ID!) {\n  deleteFilter(id: $id) {\n    id\n  }\n}" as TypedDocument<SettingsDeleteFilterMutation, SettingsDeleteFilterMutationVariables>;

export type SettingsAutoreplyQuery = {
  autoreply: {
    enabled: boolean;
    start: string | null;
    end: string | null;
    name: string;
    subject: string;
    text: string;
    html: string;
  };
};

export type SettingsAutoreplyQueryVariables = Record<string, never>;

export const SettingsAutoreplyDocument = "query SettingsAutoreply {\n  autoreply {\n    ...SettingsAutoreply\n  }\n}\n\nfragment SettingsAutoreply on Autoreply {\n  enabled\n  start\n  end\n  name\n  subject\n  text\n  html\n}" as TypedDocument<SettingsAutoreplyQuery, SettingsAutoreplyQueryVariables>;

export type SettingsSetAutoreplyMutation = {
  setAutoreply: {
    enabled: boolean;
    start: string | null;
    end: string | null;
    name: string;
    subject: string;
    text: string;
    html: string;
  };
};

export interface SettingsSetAutoreplyMutationVariables {
  input: AutoreplyInput;
}

export const SettingsSetAutoreplyDocument = "mutation SettingsSetAutoreply($input: AutoreplyInput!) {\n  setAutoreply(input: $input) {\n    ...SettingsAutoreply\n  }\n}\n\nfragment SettingsAutoreply on Autoreply {\n  enabled\n  start\n  end\n  name\n  subject\n  text\n  html\n}" as TypedDocument<SettingsSetAutoreplyMutation, SettingsSetAutoreplyMutationVariables>;

export type SettingsApplicationPasswordsQuery = {
  applicationPasswords: Array<{
    id: string;
    description: string;
    scopes: Array<string>;
    created: string;
    lastUsed: string | null;
  }>;
};

export type SettingsApplicationPasswordsQueryVariables = Record<string, never>;

export const SettingsApplicationPasswordsDocument = "query SettingsApplicationPasswords {\n  applicationPasswords {\n    id\n    description\n    scopes\n    created\n    lastUsed\n  }\n}" as TypedDocument<SettingsApplicationPasswordsQuery, SettingsApplicationPasswordsQueryVariables>;

export type SettingsCreateApplicationPasswordMutation = {
  createApplicationPassword: {
    password: string;
    applicationPassword: {
      id: string;
      description: string;
      scopes: Array<string>;
      created: string;
      lastUsed: string | null;
    };
  };
};

export interface SettingsCreateApplicationPasswordMutationVariables {
  description: string;
  scopes: Array<string>;
}

export const SettingsCreateApplicationPasswordDocument = "mutation SettingsCreateApplicationPassword($description: String!, $scopes: [String!]!) {\n  createApplicationPassword(description: $description, scopes: $scopes) {\n    password\n    applicationPassword {\n      id\n      description\n      scopes\n      created\n      lastUsed\n    }\n  }\n}" as TypedDocument<SettingsCreateApplicationPasswordMutation, SettingsCreateApplicationPasswordMutationVariables>;

export type SettingsDeleteApplicationPasswordMutation = {
  deleteApplicationPassword: {
    id: string;
  };
};

export interface SettingsDeleteApplicationPasswordMutationVariables {
  id: string;
}

export const SettingsDeleteApplicationPasswordDocument = "mutation SettingsDeleteApplicationPassword($id: ID!) {\n  deleteApplicationPassword(id: $id) {\n    id\n  }\n}" as TypedDocument<SettingsDeleteApplicationPasswordMutation, SettingsDeleteApplicationPasswordMutationVariables>;
