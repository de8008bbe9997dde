import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { AccessTokenService } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { ApiError } from '../common/api-error';
import { PUBLIC_ROUTE, ROOT_ONLY, type AuthenticatedRequest, type Principal } from './principal';

const READ_METHODS = new Set(['GET', 'HEAD']);

const sameSecret = (presented: string, expected: string): boolean => {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The token from `X-Access-Token`, `Authorization: Bearer`, or `?accessToken=` (EventSource and links). */
export const presentedToken = (request: AuthenticatedRequest): string | null => {
  const header = request.headers['x-access-token'];
  if (typeof header === 'string' && header.length > 0) return header.trim();
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1]) return match[1];
  }
  const query = request.query['accessToken'];
  return typeof query === 'string' && query.length > 0 ? query : null;
};

/** Every route needs a token unless marked public; there is no anonymous or open default. */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = presentedToken(request);
    if (!token) throw new ApiError(HttpStatus.UNAUTHORIZED, 'InvalidToken', 'An access token is required');
    const principal = await this.resolve(token);
    if (!principal)
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'InvalidToken', 'Invalid or expired access token');
    if (principal.role === 'readonly' && !READ_METHODS.has(request.method)) {
      throw ApiError.forbidden('This token is read-only');
    }
    if (this.reflector.getAllAndOverride<boolean>(ROOT_ONLY, targets)) {
      const globalReader = principal.role === 'readonly' && principal.user === null;
      if (principal.role !== 'root' && !globalReader)
        throw ApiError.forbidden('This route needs the root token');
    }
    request.principal = principal;
    request.accessToken = token;
    return true;
  }

  private async resolve(token: string): Promise<Principal | null> {
    const rootToken = this.config.api.rootToken;
    if (rootToken && sameSecret(token, rootToken)) return { role: 'root', user: null };
    const record = await this.tokens.verify(token);
    return record ? { role: record.role, user: record.user } : null;
  }
}
