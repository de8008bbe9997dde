import type { IndexSpec } from './index-spec';

/** Addresses, credentials and application passwords (`libs/domain/accounts`). */
export const accountsIndexes: IndexSpec[] = [
  // Every recipient lookup and every login by address; uniqueness makes each address one owner's.
  { collection: 'addresses', key: { address: 1 }, options: { unique: true, name: 'address_1' } },
  { collection: 'addresses', key: { user: 1 }, options: { name: 'user_1' } },
  { collection: 'app_passwords', key: { user: 1 }, options: { name: 'user_1' } },
  // Logout-everywhere and token listing per user; lookups themselves go by _id (the token hash).
  { collection: 'access_tokens', key: { user: 1 }, options: { name: 'user_1' } },
];
