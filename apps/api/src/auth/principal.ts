import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { ObjectId } from 'mongodb';
import type { AccessRole } from '@eider/accounts';
import { ApiError } from '../common/api-error';

/** Who is calling: the root token, or a token issued to one user (or, read-only, to every user). */
export interface Principal {
  role: AccessRole;
  user: ObjectId | null;
}

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  /** The presented token, kept so that logout can revoke exactly this one. */
  accessToken?: string;
}

export const PUBLIC_ROUTE = 'eider:public-route';
export const ROOT_ONLY = 'eider:root-only';

/** No token needed: health, authentication and the API documents. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Admin routes that span users (list users, aliases, quota resets); a read-only global token may GET. */
export const RootOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ROOT_ONLY, true);

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** A 24-hex id from the path or body, or a 400 naming the field. */
export const parseObjectId = (value: unknown, field: string): ObjectId => {
  if (typeof value !== 'string' || !OBJECT_ID.test(value)) {
    throw ApiError.badInput(`${field} must be a 24-character hex id`);
  }
  return new ObjectId(value);
};

export const principalOf = (request: AuthenticatedRequest): Principal => {
  if (!request.principal) throw new ApiError(401, 'InvalidToken', 'A valid access token is required');
  return request.principal;
};

/** Whether the principal may act on this user's data; writes are already refused to read-only tokens. */
export const mayAccessUser = (principal: Principal, user: ObjectId): boolean => {
  if (principal.role === 'root') return true;
  if (principal.user === null) return principal.role === 'readonly';
  return principal.user.equals(user);
};

/**
 * The `:user` path parameter as an ObjectId the caller may act on. A malformed id is a 400; another
 * user's id is a 403, before any lookup, so responses never reveal whether that user exists.
 */
export const TargetUser = createParamDecorator((_data: unknown, context: ExecutionContext): ObjectId => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const user = parseObjectId(request.params['user'], 'user');
  if (!mayAccessUser(principalOf(request), user))
    throw ApiError.forbidden('This token may not access that user');
  return user;
});

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
