import type { IndexSpec } from './index-spec';

/** Users, mailboxes, messages and counters: every index the hot paths rely on. */
export const mailstoreIndexes: IndexSpec[] = [
  { collection: 'users', key: { username: 1 }, options: { unique: true, name: 'username_unique' } },
  { collection: 'mailboxes', key: { user: 1, path: 1 }, options: { unique: true, name: 'user_path_unique' } },
  { collection: 'mailboxes', key: { user: 1, specialUse: 1 }, options: { name: 'user_special_use' } },
  // List the UIDs of a mailbox, fetch by UID range, and guarantee a UID is never used twice.
  {
    collection: 'messages',
    key: { mailbox: 1, uid: 1 },
    options: { unique: true, name: 'mailbox_uid_unique' },
  },
  // Flags and other changes since a modseq (CONDSTORE, QRESYNC, resync after a beacon).
  { collection: 'messages', key: { mailbox: 1, modseq: 1 }, options: { name: 'mailbox_modseq' } },
  // Block-wise mailbox pages on FerretDB, which pushes down only equality (see mailbox-block.pager.ts).
  { collection: 'messages', key: { mailbox: 1, uidBlock: 1 }, options: { name: 'mailbox_uid_block' } },
  { collection: 'messages', key: { mailbox: 1, unseen: 1 }, options: { name: 'mailbox_unseen' } },
  { collection: 'messages', key: { mailbox: 1, idate: 1 }, options: { name: 'mailbox_idate' } },
  { collection: 'messages', key: { user: 1, thread: 1 }, options: { name: 'user_thread' } },
  // The conversation list: a user's messages newest first, stopping once a page of threads is found.
  {
    collection: 'messages',
    key: { user: 1, idate: -1, thread: -1 },
    options: { name: 'user_idate_thread' },
  },
  { collection: 'messages', key: { user: 1, msgid: 1 }, options: { name: 'user_msgid' } },
  // HEADER search on documents written before bodies moved to `message_bodies` (they keep them inline).
  {
    collection: 'messages',
    key: { mailbox: 1, 'searchHeaders.key': 1, 'searchHeaders.value': 1 },
    options: { name: 'mailbox_search_headers' },
  },
  // Body documents are read by `_id` (the message's); searches over them are scoped to one user, and
  // HEADER search narrows by exact lowercase key with a value prefix scan.
  { collection: 'message_bodies', key: { user: 1 }, options: { name: 'user' } },
  {
    collection: 'message_bodies',
    key: { user: 1, 'searchHeaders.key': 1, 'searchHeaders.value': 1 },
    options: { name: 'user_search_headers' },
  },
  { collection: 'threads', key: { user: 1, ids: 1 }, options: { name: 'user_thread_ids' } },
];
