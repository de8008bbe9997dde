import type { IndexSpec } from './index-spec';

/** IMAP-only state (`apps/protocols/src/imap`): subscriptions to names that have no mailbox. */
export const imapIndexes: IndexSpec[] = [
  {
    collection: 'imap_subscriptions',
    key: { user: 1, path: 1 },
    options: { unique: true, name: 'user_path_unique' },
  },
];
