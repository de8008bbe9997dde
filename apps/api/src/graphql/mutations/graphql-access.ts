import { ID } from '@nestjs/graphql';
import { ObjectId } from 'mongodb';
import type { ZodType } from 'zod/v4';
import { mayAccessUser, type Principal } from '../../auth/principal';
import { GraphqlApiError } from '../graphql-errors';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** A 24-hex id argument, or BAD_USER_INPUT naming the argument. */
export const objectIdArg = (value: string, field: string): ObjectId => {
  if (!OBJECT_ID.test(value))
    throw new GraphqlApiError('BAD_USER_INPUT', `${field} must be a 24-character hex id`);
  return new ObjectId(value);
};

/**
 * The user a field acts on: `userId` when given (root, or the token's own user), otherwise the token's
 * user. Another user's id is FORBIDDEN before any lookup, so answers never reveal whether it exists.
 */
export const readableUser = (principal: Principal, userId?: string | null): ObjectId => {
  if (userId === undefined || userId === null) {
    if (principal.user) return principal.user;
    throw new GraphqlApiError(
      'BAD_USER_INPUT',
      'userId is required with a token that is not bound to a user',
    );
  }
  const user = objectIdArg(userId, 'userId');
  if (!mayAccessUser(principal, user))
    throw new GraphqlApiError('FORBIDDEN', 'This token may not access that user');
  return user;
};

/** Read-only tokens never mutate; checked before anything else so nothing is looked up or changed. */
export const assertWritable = (principal: Principal): void => {
  if (principal.role === 'readonly') throw new GraphqlApiError('FORBIDDEN', 'This token is read-only');
};

/** `readableUser` for mutations: refused to read-only tokens first. */
export const writableUser = (principal: Principal, userId?: string | null): ObjectId => {
  assertWritable(principal);
  return readableUser(principal, userId);
};

export const assertRoot = (principal: Principal): void => {
  if (principal.role !== 'root') throw new GraphqlApiError('FORBIDDEN', 'Only the root token may do this');
};

/** GraphQL passes an explicit `null` for optional input fields; domain services expect them absent. */
export const withoutNulls = <T extends object>(input: T): { [K in keyof T]?: Exclude<T[K], null> } =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };

/** Validates with the REST schema for the same operation, so both APIs accept exactly the same input. */
export const parseInput = <T>(schema: ZodType<T>, value: unknown): T => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.message,
  }));
  throw new GraphqlApiError(
    'BAD_USER_INPUT',
    issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; '),
    { details: issues },
  );
};

export const USER_ID_ARG = {
  type: () => ID,
  nullable: true,
  description: "The user to act on; defaults to the token's own user (the root token must give it)",
} as const;
