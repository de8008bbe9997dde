import { apiCall, type RunningApi } from '../support/api-process';
import type { GraphqlError } from './graphql-ws.e2e-client';

export interface GraphqlHttpReply {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: GraphqlError[];
}

/** One GraphQL operation over HTTP; `token` null sends none. A 5xx is never an acceptable answer. */
export const graphqlHttp = async (
  api: RunningApi,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlHttpReply> => {
  const response = await apiCall<{ data?: Record<string, unknown> | null; errors?: GraphqlError[] }>(
    api,
    'POST',
    '/graphql',
    { token, json: { query, variables } },
  );
  expect(response.status).toBeLessThan(500);
  return { ...response.body, status: response.status };
};

/** The answer's data, failing the test with the errors when there are any. */
export const dataOf = <T = Record<string, unknown>>(reply: GraphqlHttpReply): T => {
  if ((reply.errors?.length ?? 0) > 0 || !reply.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(reply.errors)}`);
  }
  return reply.data as T;
};

export const errorCodeOf = (reply: GraphqlHttpReply): unknown =>
  reply.errors?.[0]?.extensions?.['code'] ?? null;
