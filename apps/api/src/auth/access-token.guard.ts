import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../common/api-error';
import { PrincipalResolver } from './principal.resolver';
import {
  PUBLIC_ROUTE,
  ROOT_ONLY,
  mayAccessUser,
  parseObjectId,
  type AuthenticatedRequest,
} from './principal';

const READ_METHODS = new Set(['GET', 'HEAD']);

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
    private readonly principals: PrincipalResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // GraphQL resolvers authorise from their operation context (see graphql/graphql-context.ts).
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = presentedToken(request);
    if (!token) throw new ApiError(HttpStatus.UNAUTHORIZED, 'InvalidToken', 'An access token is required');
    const principal = await this.principals.resolve(token);
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
    // Checked here, before pipes validate bodies, so another user's routes answer 403 whatever is sent.
    const pathUser = request.params['user'];
    if (pathUser !== undefined && !mayAccessUser(principal, parseObjectId(pathUser, 'user'))) {
      throw ApiError.forbidden('This token may not access that user');
    }
    request.principal = principal;
    request.accessToken = token;
    return true;
  }
}
