import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';
import { AccessTokenService, AuthService } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { ApiError } from '../common/api-error';
import { CurrentPrincipal, Public, type AuthenticatedRequest, type Principal } from './principal';
import { presentedToken } from './access-token.guard';
import { loginWithPassword } from './password-login.operation';

const AuthenticateSchema = z
  .object({
    username: z.string().min(1).max(256).describe("Login name or any of the user's addresses"),
    password: z.string().min(1).max(1024).describe('Account password or an application password'),
    scope: z.enum(['master', 'imap', 'pop3', 'smtp']).default('master'),
    token: z.boolean().default(true).describe('Issue an access token (the default)'),
    readOnly: z.boolean().default(false).describe('Issue a token that can only read'),
  })
  .strict();
class AuthenticateDto extends createZodDto(AuthenticateSchema) {}

@ApiTags('Authentication')
@Controller('authenticate')
export class AuthenticateController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: AccessTokenService,
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
  ) {}

  @Public()
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Check a password and issue an access token for that user' })
  async authenticate(
    @Body() body: AuthenticateDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await loginWithPassword(
      { auth: this.auth, tokens: this.tokens, config: this.config },
      {
        username: body.username,
        password: body.password,
        remoteAddress: request.ip ?? 'unknown',
        issueToken: body.token,
        readOnly: body.readOnly,
      },
    );
    if (!outcome.ok) {
      if (outcome.reason === 'rate-limited') {
        response.setHeader('Retry-After', String(outcome.retryAfterSeconds));
        throw new ApiError(
          HttpStatus.TOO_MANY_REQUESTS,
          'RateLimitedError',
          'Too many failed logins; try later',
        );
      }
      throw new ApiError(HttpStatus.FORBIDDEN, 'AuthFailed', 'Authentication failed');
    }
    const issued = outcome.token;
    return {
      success: true,
      id: outcome.user._id.toHexString(),
      username: outcome.user.username,
      scope: body.scope,
      require2fa: false,
      requirePasswordChange: false,
      ...(issued ? { token: issued.token, expires: issued.expires.toISOString() } : {}),
    };
  }

  @Get()
  @ApiOperation({ summary: 'Describe the token presented with this request' })
  whoami(@CurrentPrincipal() principal: Principal) {
    return { success: true, role: principal.role, user: principal.user?.toHexString() ?? null };
  }

  @Public()
  @Delete()
  @ApiOperation({ summary: 'Revoke the access token presented with this request' })
  async logout(@Req() request: AuthenticatedRequest) {
    const token = presentedToken(request);
    if (!token) throw new ApiError(HttpStatus.UNAUTHORIZED, 'InvalidToken', 'An access token is required');
    const revoked = await this.tokens.revoke(token);
    if (!revoked)
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'InvalidToken', 'Invalid or expired access token');
    return { success: true };
  }
}
