import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { GraphqlApiError } from './graphql-errors';

export interface QueryLimits {
  maxDepth: number;
  maxComplexity: number;
}

/** The deepest field nesting of the operation, following fragment spreads (each fragment once per path). */
export const operationDepth = (document: DocumentNode, operationName?: string | null): number => {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const depthOf = (selectionSet: SelectionSetNode | undefined, visiting: Set<string>): number => {
    if (!selectionSet) return 0;
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        // Introspection's own nesting is bounded by the schema, not the client.
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(
          deepest,
          selection.selectionSet ? 1 + depthOf(selection.selectionSet, visiting) : 1,
        );
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...visiting, name])));
      }
    }
    return deepest;
  };
  let depth = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName && definition.name?.value !== operationName) continue;
    depth = Math.max(depth, depthOf(definition.selectionSet, new Set()));
  }
  return depth;
};

// Apollo answers errors thrown from this hook with HTTP 500 unless told otherwise; the client is at fault.
const REFUSED_BEFORE_EXECUTION = { http: { status: 400 } };

/**
 * Refuses operations nested deeper than `maxDepth` or estimated costlier than `maxComplexity` before any
 * resolver runs. List fields multiply their children's cost by their `first`/`last` argument (declared
 * with `complexity` on the field), so one query cannot fan out into millions of lookups.
 */
export const queryLimitsPlugin = (limits: QueryLimits): ApolloServerPlugin => ({
  requestDidStart: () =>
    Promise.resolve({
      didResolveOperation: ({ request, document, schema }) => {
        const depth = operationDepth(document, request.operationName);
        if (depth > limits.maxDepth) {
          throw new GraphqlApiError(
            'QUERY_TOO_DEEP',
            `Query depth ${depth} exceeds the limit of ${limits.maxDepth}`,
            REFUSED_BEFORE_EXECUTION,
          );
        }
        const complexity = getComplexity({
          schema,
          query: document,
          ...(request.operationName ? { operationName: request.operationName } : {}),
          variables: request.variables ?? {},
          estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
        });
        if (complexity > limits.maxComplexity) {
          throw new GraphqlApiError(
            'QUERY_TOO_COMPLEX',
            `Query complexity ${complexity} exceeds the limit of ${limits.maxComplexity}`,
            REFUSED_BEFORE_EXECUTION,
          );
        }
        return Promise.resolve();
      },
    }),
});
