import { createRequire } from 'node:module';
import {
  parse,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { FormattedExecutionResult, ServerOptions, SubscribePayload } from 'graphql-ws';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { formatGraphqlError, type GraphqlErrorCode } from '../graphql-errors';
import { operationDepth, type QueryLimits } from '../query-limits.plugin';

// graphql-ws accepts errors from onSubscribe only if they are `instanceof` the GraphQLError of the
// CommonJS graphql it loads; a test runner may hand this module the ESM copy, so build them from that one.
const { GraphQLError: WsGraphQLError } = createRequire(__filename)('graphql') as typeof import('graphql');

type Hooks = Required<Pick<ServerOptions, 'onSubscribe' | 'onNext' | 'onError'>>;

/** The limit a subscription document breaks, as its error; null when it is within both. */
export const subscriptionLimitError = (
  schema: GraphQLSchema,
  document: DocumentNode,
  payload: SubscribePayload,
  limits: QueryLimits,
): GraphQLError | null => {
  const depth = operationDepth(document, payload.operationName);
  if (depth > limits.maxDepth) {
    return new WsGraphQLError(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}`, {
      extensions: { code: 'QUERY_TOO_DEEP' satisfies GraphqlErrorCode },
    });
  }
  const complexity = getComplexity({
    schema,
    query: document,
    ...(payload.operationName ? { operationName: payload.operationName } : {}),
    variables: payload.variables ?? {},
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
  if (complexity > limits.maxComplexity) {
    return new WsGraphQLError(`Query complexity ${complexity} exceeds the limit of ${limits.maxComplexity}`, {
      extensions: { code: 'QUERY_TOO_COMPLEX' satisfies GraphqlErrorCode },
    });
  }
  return null;
};

/**
 * What Apollo's plugins and `formatError` do for HTTP, for operations over graphql-ws, which Nest runs
 * outside Apollo: the same depth and complexity limits before a subscription starts, and the same
 * stable error codes (no stacks) on everything sent back.
 */
export const graphqlWsHooks = (
  limits: QueryLimits,
  schema: () => GraphQLSchema,
  onInternal: (error: unknown) => void,
): Hooks => {
  const format = (error: GraphQLError, fallbackCode?: string): GraphQLFormattedError => {
    const formatted = error.toJSON();
    const coded =
      fallbackCode && formatted.extensions?.['code'] === undefined
        ? { ...formatted, extensions: { ...formatted.extensions, code: fallbackCode } }
        : formatted;
    // The original error decides the code (domain errors keep theirs), whichever graphql copy wrapped it.
    return formatGraphqlError(coded, error.originalError ?? error, onInternal);
  };
  return {
    onSubscribe: (_context, _id, payload) => {
      let document: DocumentNode;
      try {
        document = parse(payload.query);
      } catch {
        // graphql-ws reports the syntax error itself.
        return undefined;
      }
      const error = subscriptionLimitError(schema(), document, payload, limits);
      return error ? [error] : undefined;
    },
    onNext: (
      _context,
      _id,
      _payload,
      _args,
      result: ExecutionResult,
    ): FormattedExecutionResult | undefined =>
      result.errors?.length ? { ...result, errors: result.errors.map((error) => format(error)) } : undefined,
    // Errors before execution: validation (graphql-ws adds no code of its own) and the limits above.
    onError: (_context, _id, _payload, errors) =>
      errors.map((error) => format(error, 'GRAPHQL_VALIDATION_FAILED')),
  };
};
