import type { ObjectId } from 'mongodb';

/** What a filter looks for. Every text field matches case-insensitively as a substring. */
export interface FilterQuery {
  from?: string;
  /** Matches To, Cc and Delivered-To (which includes the envelope recipient). */
  to?: string;
  subject?: string;
  listId?: string;
  /** Substring of the plain-text body (or the HTML converted to text). */
  text?: string;
  /** Has attachments (true) or has none (false). */
  ha?: boolean;
  /** n > 0: larger than n bytes; n < 0: smaller than |n| bytes. */
  size?: number;
}

/** What a matching filter does. Unset fields leave the decision to later filters. */
export interface FilterAction {
  seen?: boolean;
  flag?: boolean;
  /** Discard the message instead of storing it (forward targets still receive it). */
  delete?: boolean;
  /** true: file as spam (\Junk); false: never treat as spam, whatever the scanner said. */
  spam?: boolean;
  /** Target mailbox: an id (24 hex digits) or a path. */
  mailbox?: string;
  /** Forward targets: addresses, http(s) URLs (POST) or smtp(s) URLs (relay). They accumulate. */
  targets?: string[];
}

export interface FilterDocument {
  _id: ObjectId;
  user: ObjectId;
  name: string;
  query: FilterQuery;
  action: FilterAction;
  disabled: boolean;
  created: Date;
}

export type ForwardTarget =
  { kind: 'address'; value: string } | { kind: 'http'; value: string } | { kind: 'smtp'; value: string };

/** The facts a filter is matched against, all already lowercased. */
export interface MessageFacts {
  from: string[];
  /** To, Cc and Delivered-To addresses and display names. */
  to: string[];
  subject: string;
  listId: string;
  text: string;
  hasAttachments: boolean;
  size: number;
}

/** The outcome of running a user's filters over one message. */
export interface ResolvedActions {
  seen: boolean;
  flag: boolean;
  delete: boolean;
  /** undefined when no filter decided it (the spam scanner's verdict stands). */
  spam: boolean | undefined;
  mailbox: string | undefined;
  targets: ForwardTarget[];
  /** Names of the filters that matched, in order, for logs. */
  matched: string[];
}
