import { HttpStatus } from '@nestjs/common';
import type { ObjectId } from 'mongodb';
import type { Accounts, CredentialService } from '@eider/accounts';
import type { AutoreplyService, DeliverySettingsService, FilterService } from '@eider/delivery';
import { isMailStoreError, type MailStore, type UserDocument, type UserLimitKind } from '@eider/mailstore';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';

/**
 * User administration shared by REST (`users.controller.ts`) and GraphQL (`graphql/mutations/`): the
 * rules live here once, each API only validates the shape of its input.
 */

export interface LimitFields {
  recipients?: number;
  forwards?: number;
  imapMaxDownload?: number;
  pop3MaxDownload?: number;
}

export interface CreateUserFields extends LimitFields {
  username: string;
  password: string;
  address?: string;
  name?: string;
  quota?: number;
}

export interface UpdateUserFields extends LimitFields {
  name?: string;
  password?: string;
  existingPassword?: string;
  disabled?: boolean;
  quota?: number;
}

export const limitOverrides = (body: LimitFields): Partial<Record<UserLimitKind, number>> => ({
  ...(body.recipients !== undefined ? { recipients: body.recipients } : {}),
  ...(body.forwards !== undefined ? { forwards: body.forwards } : {}),
  ...(body.imapMaxDownload !== undefined ? { imapDownload: body.imapMaxDownload } : {}),
  ...(body.pop3MaxDownload !== undefined ? { pop3Download: body.pop3MaxDownload } : {}),
});

const userExists = (username: string): ApiError =>
  new ApiError(HttpStatus.CONFLICT, 'UserExistsError', `user ${username} already exists`);

const findByUsername = async (store: MailStore, username: string): Promise<UserDocument | null> => {
  try {
    return await store.users.getByUsername(username);
  } catch (error) {
    if (isMailStoreError(error, 'USER_NOT_FOUND')) return null;
    throw error;
  }
};

/** Creates the account (default mailboxes, password, optional main address) and its limit overrides. */
export const createUserAccount = async (
  store: MailStore,
  accounts: Accounts,
  body: CreateUserFields,
): Promise<UserDocument> => {
  if (await findByUsername(store, body.username)) throw userExists(body.username);
  let user: UserDocument;
  try {
    user = await accounts.createAccount({
      username: body.username,
      password: body.password,
      ...(body.address !== undefined ? { address: body.address } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.quota !== undefined ? { quota: body.quota } : {}),
    });
  } catch (error) {
    // Two creates racing for one name: the unique index lets one through and the other lands here.
    if (isMailStoreError(error, 'CONFLICT') && (await findByUsername(store, body.username)))
      throw userExists(body.username);
    throw error;
  }
  const overrides = limitOverrides(body);
  if (Object.keys(overrides).length > 0) await store.users.update(user._id, { limits: overrides });
  return user;
};

/**
 * Applies a user update. Users may rename themselves and change their password (proving the old one),
 * never raise their own allowances; a password change revokes every token but the caller's own.
 */
export const updateUserAccount = async (
  deps: { store: MailStore; accounts: Accounts; credentials: CredentialService },
  id: ObjectId,
  body: UpdateUserFields,
  principal: Principal,
  callerToken: string | undefined,
): Promise<void> => {
  const root = principal.role === 'root';
  const overrides = limitOverrides(body);
  if (!root && (body.disabled !== undefined || body.quota !== undefined || Object.keys(overrides).length > 0))
    throw ApiError.forbidden('Only the root token may change quota, limits or the disabled flag');
  await deps.store.users.get(id);
  if (body.password !== undefined) {
    if (!root) {
      const check =
        body.existingPassword === undefined
          ? null
          : await deps.credentials.verify(id, body.existingPassword, 'master');
      if (check !== 'password')
        throw new ApiError(HttpStatus.FORBIDDEN, 'AuthFailed', 'existingPassword is missing or wrong');
    }
    await deps.credentials.setPassword(id, body.password);
    // Whoever held the old password may hold tokens; only the caller's own session survives.
    await deps.accounts.tokens.revokeAllForUser(id, root ? undefined : callerToken);
  }
  await deps.store.users.update(id, {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.quota !== undefined ? { quota: body.quota } : {}),
    ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
    ...(Object.keys(overrides).length > 0 ? { limits: overrides } : {}),
  });
};

/** Deletes the user with everything it owns: delivery settings first, then the account itself. */
export const deleteUserAccount = async (
  deps: {
    store: MailStore;
    accounts: Accounts;
    filters: FilterService;
    autoreplies: AutoreplyService;
    deliverySettings: DeliverySettingsService;
  },
  id: ObjectId,
): Promise<UserDocument> => {
  const user = await deps.store.users.get(id);
  await deps.filters.deleteAllForUser(id);
  await deps.autoreplies.delete(id);
  await deps.deliverySettings.delete(id);
  await deps.accounts.deleteAccount(user);
  return user;
};
