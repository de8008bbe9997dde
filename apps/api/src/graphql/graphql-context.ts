import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import type { Principal } from '../auth/principal';
import { presentedToken } from '../auth/access-token.guard';
import type { AuthenticatedRequest } from '../auth/principal';
import { GraphqlApiError } from './graphql-errors';

/** What every resolver sees: who is asking (null when no valid token came with the operation). */
export interface GraphqlContext {
  principal: Principal | null;
  req?: Request;
}

/** The token of an HTTP operation (headers) or of a graphql-ws connection (`connectionParams`). */
export const tokenFromHttp = (request: Request): string | null =>
  presentedToken(request as AuthenticatedRequest);

export const tokenFromConnectionParams = (params: Record<string, unknown> | undefined): string | null => {
  if (!params) return null;
  for (const key of ['accessToken', 'token', 'X-Access-Token', 'x-access-token']) {
    const value = params[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  const authorization = params['Authorization'] ?? params['authorization'];
  if (typeof authorization === 'string') return /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? null;
  return null;
};

/** The operation's principal, or UNAUTHENTICATED: every field except the login mutation needs one. */
export const GqlPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const { principal } = GqlExecutionContext.create(context).getContext<GraphqlContext>();
  if (!principal) throw new GraphqlApiError('UNAUTHENTICATED', 'A valid access token is required');
  return principal;
});
