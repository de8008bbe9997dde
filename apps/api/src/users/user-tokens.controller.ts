import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { AccessTokenService } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { MailStore } from '@eider/mailstore';
import { ApiError } from '../common/api-error';
import { RootOnly, TargetUser } from '../auth/principal';
import { CreateTokenDto } from './user.schemas';

@ApiTags('Access tokens')
@Controller('users/:user/tokens')
export class UserTokensController {
  constructor(
    private readonly store: MailStore,
    private readonly tokens: AccessTokenService,
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
  ) {}

  @RootOnly()
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Issue an access token for the user without their password (root only)' })
  async issue(@TargetUser() user: ObjectId, @Body() body: CreateTokenDto) {
    await this.store.users.get(user);
    const issued = await this.tokens.issue({
      user,
      role: body.role,
      ttlSeconds: body.ttlSeconds ?? this.config.api.tokenTtlSeconds,
      description: body.description ?? 'issued by root',
    });
    return { success: true, id: issued.id, token: issued.token, expires: issued.expires.toISOString() };
  }

  @Get()
  @ApiOperation({ summary: "List the user's live access tokens (never the secrets)" })
  async list(@TargetUser() user: ObjectId) {
    await this.store.users.get(user);
    const tokens = await this.tokens.listForUser(user);
    return {
      success: true,
      results: tokens.map((token) => ({
        id: token.id,
        role: token.role,
        description: token.description,
        created: token.created.toISOString(),
        expires: token.expires.toISOString(),
      })),
    };
  }

  @Delete(':token')
  @ApiOperation({ summary: 'Revoke one of the user’s access tokens by its id' })
  async revoke(@TargetUser() user: ObjectId, @Param('token') id: string) {
    if (!/^[0-9a-f]{16}$/.test(id)) throw ApiError.badInput('token must be a 16-character hex id');
    if (!(await this.tokens.revokeById(user, id)))
      throw ApiError.notFound('TokenNotFound', 'No such access token');
    return { success: true };
  }
}
