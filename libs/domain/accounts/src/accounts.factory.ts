import type Redis from 'ioredis';
import { FixedWindowLimiter } from '@eider/redis';
import type { MailStore, UserDocument } from '@eider/mailstore';
import { AddressService } from './addresses/address.service';
import { AuthService } from './auth/auth.service';
import { CredentialService } from './credentials/credential.service';
import { AccessTokenService } from './tokens/access-token.service';
import { UserLimitsService, type UserLimitDefaults } from './limits/user-limits.service';

export interface AccountsOptions {
  keyPrefix: string;
  authFailuresPerWindow: number;
  authFailureWindowSeconds: number;
  limitDefaults?: UserLimitDefaults;
}

const NO_LIMITS: UserLimitDefaults = { recipients: 0, forwards: 0, imapDownload: 0, pop3Download: 0 };

export interface CreateAccountInput {
  username: string;
  password?: string;
  /** Becomes the main address. */
  address?: string;
  name?: string;
  quota?: number;
}

/** Users with credentials and addresses, over the mail store's users; also usable without Nest. */
export class Accounts {
  readonly addresses: AddressService;
  readonly credentials: CredentialService;
  readonly auth: AuthService;
  readonly tokens: AccessTokenService;
  readonly limits: UserLimitsService;

  constructor(
    private readonly store: MailStore,
    redis: Redis,
    options: AccountsOptions,
  ) {
    this.addresses = new AddressService(store.db);
    this.credentials = new CredentialService(store.db);
    this.tokens = new AccessTokenService(store.db);
    this.limits = new UserLimitsService(redis, options.keyPrefix, options.limitDefaults ?? NO_LIMITS);
    this.auth = new AuthService(
      store.users,
      this.addresses,
      this.credentials,
      new FixedWindowLimiter(redis, options.keyPrefix),
      { failuresPerWindow: options.authFailuresPerWindow, windowSeconds: options.authFailureWindowSeconds },
    );
  }

  /**
   * Creates the user with its default mailboxes, password and main address. A failure after the user
   * exists removes it again, so a half-made account never lingers.
   */
  async createAccount(input: CreateAccountInput): Promise<UserDocument> {
    const user = await this.store.users.create({
      username: input.username,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.quota !== undefined ? { quota: input.quota } : {}),
    });
    try {
      if (input.password !== undefined) await this.credentials.setPassword(user._id, input.password);
      if (input.address !== undefined)
        await this.addresses.addAddress(user._id, input.address, { main: true });
    } catch (error) {
      await this.deleteAccount(user);
      throw error;
    }
    return user;
  }

  async deleteAccount(user: Pick<UserDocument, '_id'>): Promise<void> {
    await this.addresses.deleteAllForUser(user._id);
    await this.credentials.deleteAllForUser(user._id);
    await this.tokens.revokeAllForUser(user._id);
    await this.store.users.delete(user._id);
    // Counters expire within a day anyway, so an unreachable Redis must not fail a finished deletion.
    await this.limits.reset(user._id).catch(() => undefined);
  }
}
