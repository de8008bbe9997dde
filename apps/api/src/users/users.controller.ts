import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { Accounts, AddressService, CredentialService, UserLimitsService } from '@eider/accounts';
import { AutoreplyService, DeliverySettingsService, FilterService } from '@eider/delivery';
import { MailStore, isMailStoreError, type UserDocument, type UserLimitKind } from '@eider/mailstore';
import { ApiError } from '../common/api-error';
import {
  CurrentPrincipal,
  RootOnly,
  TargetUser,
  type AuthenticatedRequest,
  type Principal,
} from '../auth/principal';
import { objectIdWindow, pagedResponse } from './cursor-paging';
import { userDetails, userListItem } from './user-view.mapper';
import { CreateUserDto, UpdateUserDto, UserListQueryDto } from './user.schemas';

type LimitFields = Partial<Record<'recipients' | 'forwards' | 'imapMaxDownload' | 'pop3MaxDownload', number>>;

const limitOverrides = (body: LimitFields): Partial<Record<UserLimitKind, number>> => ({
  ...(body.recipients !== undefined ? { recipients: body.recipients } : {}),
  ...(body.forwards !== undefined ? { forwards: body.forwards } : {}),
  ...(body.imapMaxDownload !== undefined ? { imapDownload: body.imapMaxDownload } : {}),
  ...(body.pop3MaxDownload !== undefined ? { pop3Download: body.pop3MaxDownload } : {}),
});

const userExists = (username: string): ApiError =>
  new ApiError(HttpStatus.CONFLICT, 'UserExistsError', `user ${username} already exists`);

@ApiTags('Users')
@Controller()
export class UsersController {
  constructor(
    private readonly store: MailStore,
    private readonly accounts: Accounts,
    private readonly addresses: AddressService,
    private readonly credentials: CredentialService,
    private readonly limits: UserLimitsService,
    private readonly filters: FilterService,
    private readonly autoreplies: AutoreplyService,
    private readonly deliverySettings: DeliverySettingsService,
  ) {}

  // Declared before the `/users/:user/...` routes so `resolve` is never read as a user id.
  @RootOnly()
  @Get('users/resolve/:username')
  @ApiOperation({ summary: 'Find the id of a user by username or by one of their addresses' })
  async resolve(@Param('username') username: string) {
    if (username.length > 320) throw ApiError.badInput('username is too long');
    const byAddress = username.includes('@') ? await this.addresses.findUserByAddress(username) : null;
    const user = byAddress
      ? await this.store.users.get(byAddress)
      : await this.store.users.getByUsername(username);
    return { success: true, id: user._id.toHexString() };
  }

  @RootOnly()
  @Get('users')
  @ApiOperation({ summary: 'List users, matching username, name or address, with cursor paging' })
  async list(@Query() query: UserListQueryDto) {
    const text = query.query?.trim();
    const alsoIds = text ? await this.addresses.userIdsMatching(text) : [];
    const page = await this.store.users.page({
      ...objectIdWindow(query),
      ...(text ? { query: text, alsoIds } : {}),
    });
    const mains = await this.addresses.mainAddresses(page.results.map((user) => user._id));
    return pagedResponse(query, page, (user) =>
      userListItem(user, mains.get(user._id.toHexString()) ?? null),
    );
  }

  @RootOnly()
  @Post('users')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Create a user with the default mailboxes, a password and an optional address' })
  async create(@Body() body: CreateUserDto) {
    if (await this.findByUsername(body.username)) throw userExists(body.username);
    let user: UserDocument;
    try {
      user = await this.accounts.createAccount({
        username: body.username,
        password: body.password,
        ...(body.address !== undefined ? { address: body.address } : {}),
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.quota !== undefined ? { quota: body.quota } : {}),
      });
    } catch (error) {
      // Two creates racing for one name: the unique index lets one through and the other lands here.
      if (isMailStoreError(error, 'CONFLICT') && (await this.findByUsername(body.username)))
        throw userExists(body.username);
      throw error;
    }
    const overrides = limitOverrides(body);
    if (Object.keys(overrides).length > 0) await this.store.users.update(user._id, { limits: overrides });
    return { success: true, id: user._id.toHexString() };
  }

  @Get('users/:user')
  @ApiOperation({ summary: 'Get a user with quota and daily limit usage' })
  async get(@TargetUser() id: ObjectId) {
    const user = await this.store.users.get(id);
    const [address, usage, hasPassword] = await Promise.all([
      this.addresses.mainAddress(id),
      this.limits.usage(user),
      this.credentials.hasPassword(id),
    ]);
    return userDetails(user, address, usage, hasPassword);
  }

  @Put('users/:user')
  @ApiOperation({ summary: 'Update name, password, quota, limits or the disabled flag' })
  async update(
    @TargetUser() id: ObjectId,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ) {
    const root = principal.role === 'root';
    const overrides = limitOverrides(body);
    // Users may rename themselves and change their password, never raise their own allowances.
    if (
      !root &&
      (body.disabled !== undefined || body.quota !== undefined || Object.keys(overrides).length > 0)
    )
      throw ApiError.forbidden('Only the root token may change quota, limits or the disabled flag');
    await this.store.users.get(id);
    if (body.password !== undefined) {
      if (!root) {
        const check =
          body.existingPassword === undefined
            ? null
            : await this.credentials.verify(id, body.existingPassword, 'master');
        if (check !== 'password')
          throw new ApiError(HttpStatus.FORBIDDEN, 'AuthFailed', 'existingPassword is missing or wrong');
      }
      await this.credentials.setPassword(id, body.password);
      // Whoever held the old password may hold tokens; only the caller's own session survives.
      await this.accounts.tokens.revokeAllForUser(id, root ? undefined : request.accessToken);
    }
    await this.store.users.update(id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.quota !== undefined ? { quota: body.quota } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      ...(Object.keys(overrides).length > 0 ? { limits: overrides } : {}),
    });
    return { success: true };
  }

  @RootOnly()
  @Delete('users/:user')
  @ApiOperation({ summary: 'Delete a user with all mailboxes, messages, addresses, filters and tokens' })
  async remove(@TargetUser() id: ObjectId) {
    const user = await this.store.users.get(id);
    await this.filters.deleteAllForUser(id);
    await this.autoreplies.delete(id);
    await this.deliverySettings.delete(id);
    await this.accounts.deleteAccount(user);
    return { success: true };
  }

  @Put('users/:user/logout')
  @ApiOperation({ summary: "Revoke every access token of the user, ending all of the user's API sessions" })
  async logout(@TargetUser() id: ObjectId) {
    await this.store.users.get(id);
    await this.accounts.tokens.revokeAllForUser(id);
    return { success: true };
  }

  @Post('users/:user/quota/reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Recount the storage used by the user from the stored messages' })
  async resetQuota(@TargetUser() id: ObjectId) {
    const { before, after } = await this.store.quota.recalculate(id);
    return { success: true, storageUsed: after, previousStorageUsed: before };
  }

  private async findByUsername(username: string): Promise<UserDocument | null> {
    try {
      return await this.store.users.getByUsername(username);
    } catch (error) {
      if (isMailStoreError(error, 'USER_NOT_FOUND')) return null;
      throw error;
    }
  }
}
