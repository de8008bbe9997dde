import { HttpStatus } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApiError } from '../common/api-error';
import { apiErrorFromDomain } from '../common/domain-error.mapper';

/** Stable `extensions.code` values clients may switch on. */
export type GraphqlErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'QUOTA_EXCEEDED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COMPLEX'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'INTERNAL_SERVER_ERROR';

/** An error meant for the client, with its code; its message is safe to show. */
export class GraphqlApiError extends GraphQLError {
  constructor(code: GraphqlErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extra, code } });
  }
}

const codeForStatus = (status: HttpStatus): GraphqlErrorCode => {
  switch (status) {
    case HttpStatus.UNAUTHORIZED:
      return 'UNAUTHENTICATED';
    case HttpStatus.FORBIDDEN:
      return 'FORBIDDEN';
    case HttpStatus.NOT_FOUND:
      return 'NOT_FOUND';
    case HttpStatus.CONFLICT:
      return 'CONFLICT';
    case HttpStatus.INSUFFICIENT_STORAGE:
      return 'QUOTA_EXCEEDED';
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return 'PAYLOAD_TOO_LARGE';
    case HttpStatus.TOO_MANY_REQUESTS:
      return 'RATE_LIMITED';
    default:
      return Number(status) < 500 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR';
  }
};

const KNOWN_APOLLO_CODES = new Set<string>([
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'NOT_FOUND',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

const isGraphqlError = (error: unknown): error is GraphQLError =>
  error instanceof GraphQLError ||
  (error instanceof Error && error.name === 'GraphQLError' && 'originalError' in error);

/**
 * Every error leaves with a stable `extensions.code` and no stack: domain and API errors keep their message
 * and carry the REST code as `extensions.apiCode`; anything unexpected becomes INTERNAL_SERVER_ERROR with a
 * generic message (the original is logged by the caller).
 */
export const formatGraphqlError = (
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (error: unknown) => void,
): GraphQLFormattedError => {
  // Duck-typed: the error may come from another copy of the graphql package (ESM vs CommonJS under test).
  const original = isGraphqlError(error) ? (error.originalError ?? error) : error;
  const api = apiErrorFromDomain(original);
  const base = { message: formatted.message, ...(formatted.path ? { path: formatted.path } : {}) };
  if (api) {
    return {
      ...base,
      message: api.message,
      extensions: {
        code: codeForStatus(api.status),
        apiCode: api.code,
        ...(api instanceof ApiError && api.details ? { details: api.details } : {}),
      },
    };
  }
  const code = formatted.extensions?.['code'];
  if (original instanceof GraphqlApiError || (typeof code === 'string' && KNOWN_APOLLO_CODES.has(code))) {
    const { stacktrace: _dropped, exception: _alsoDropped, ...extensions } = formatted.extensions ?? {};
    return { ...base, ...(formatted.locations ? { locations: formatted.locations } : {}), extensions };
  }
  onInternal(original);
  return { ...base, message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
};
