import type { ApiHarness } from '../../testing/api-test.harness';

/** Tests read arbitrary nested answers; their shape is what the assertions check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyData = Record<string, any>;

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface GraphqlReply<T = AnyData> {
  status: number;
  data: T | null;
  errors: GraphqlError[];
  /** The whole answer as text, to check that nothing leaks (stacks, file paths). */
  raw: string;
}

/** One GraphQL operation over HTTP through the real app; `token` defaults to the root token. */
export const graphqlCall = async <T = AnyData>(
  api: ApiHarness,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = api.rootToken,
): Promise<GraphqlReply<T>> => {
  const response = await api.call<{ data?: T | null; errors?: GraphqlError[] }>('POST', '/graphql', {
    token,
    json: { query, variables },
  });
  return {
    status: response.status,
    data: response.body.data ?? null,
    errors: response.body.errors ?? [],
    raw: JSON.stringify(response.body),
  };
};

/** The answer's data, failing the test with the errors when there are any. */
export const dataOf = <T>(reply: GraphqlReply<T>): T => {
  if (reply.errors.length > 0 || !reply.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(reply.errors)}`);
  }
  return reply.data;
};

/** The `extensions.code` of the first error, or null when the operation succeeded. */
export const errorCode = (reply: GraphqlReply<unknown>): unknown =>
  reply.errors[0]?.extensions?.['code'] ?? null;

/** Errors must be typed and carry no stack trace or source path. */
export const expectNoLeaks = (reply: GraphqlReply<unknown>): void => {
  if (/stacktrace|\bat .*\.[jt]s:\d+/.test(reply.raw)) throw new Error(`leaked internals: ${reply.raw}`);
};
