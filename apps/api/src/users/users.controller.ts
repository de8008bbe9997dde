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
import { MailStore } from '@eider/mailstore';
import { ApiError } from '../common/api-error';
import {
  CurrentPrincipal,
  RootOnly,
  TargetUser,
  type AuthenticatedRequest,
  type Principal,
} from '../auth/principal';
import { objectIdWindow, pagedResponse } from './cursor-paging';
import { createUserAccount, deleteUserAccount, updateUserAccount } from './user-account.operations';
import { userDetails, userListItem } from './user-view.mapper';
import { CreateUserDto, UpdateUserDto, UserListQueryDto } from './user.schemas';

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
    const user = await createUserAccount(this.store, this.accounts, body);
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
    await updateUserAccount(
      { store: this.store, accounts: this.accounts, credentials: this.credentials },
      id,
      body,
      principal,
      request.accessToken,
    );
    return { success: true };
  }

  @RootOnly()
  @Delete('users/:user')
  @ApiOperation({ summary: 'Delete a user with all mailboxes, messages, addresses, filters and tokens' })
  async remove(@TargetUser() id: ObjectId) {
    await deleteUserAccount(
      {
        store: this.store,
        accounts: this.accounts,
        filters: this.filters,
        autoreplies: this.autoreplies,
        deliverySettings: this.deliverySettings,
      },
      id,
    );
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
}
