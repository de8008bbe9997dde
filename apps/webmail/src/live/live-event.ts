// The contract between the live-updates bridge (/api/live) and the mail views.
import type { LiveMailboxChangedSubscription } from '../graphql/generated';

/**
 * One change event as /api/live sends it: the `mailboxChanged` payload (see apps/api/schema.gql). `type` is
 * MESSAGES_ADDED, MESSAGES_REMOVED, FLAGS_CHANGED, MAILBOX_CHANGED or RESET (reload everything).
 */
export type LiveChangeEvent = LiveMailboxChangedSubscription['mailboxChanged'];
