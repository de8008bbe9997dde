import type { IndexSpec } from '@eider/mongo';

/**
 * Indexes of the delivery collections, in the same IndexSpec form as the mongo catalog. `autoreplies` and
 * `delivery_settings` are keyed by the user id (`_id`) and need none.
 */
export const deliveryIndexes: IndexSpec[] = [
  // A user's filters in creation order: the only query the delivery path runs on them.
  { collection: 'filters', key: { user: 1, created: 1, _id: 1 }, options: { name: 'user_created' } },
];
