import type { ApiHarness } from '../../testing/api-test.harness';

export interface GraphqlReply<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Runs one operation over HTTP and returns the parsed reply (status is always 200 for GraphQL errors). */
export const graphqlCall = async <T = Record<string, unknown>>(
  api: ApiHarness,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlReply<T>> => {
  const response = await api.call<GraphqlReply<T>>('POST', '/graphql', { token, json: { query, variables } });
  return response.body;
};

/** `data` of an operation that must succeed; the errors are shown when it does not. */
export const graphqlData = async <T>(
  api: ApiHarness,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> => {
  const reply = await graphqlCall<T>(api, token, query, variables);
  if (reply.errors?.length || !reply.data) throw new Error(`GraphQL errors: ${JSON.stringify(reply.errors)}`);
  return reply.data;
};

export const errorCode = (reply: GraphqlReply<unknown>): unknown => reply.errors?.[0]?.extensions?.['code'];

export const simpleMessage = (
  subject: string,
  options: { from?: string; to?: string; messageId?: string; inReplyTo?: string; date?: string } = {},
): Buffer => {
  const headers = [
    `From: ${options.from ?? 'Sender <sender@example.test>'}`,
    `To: ${options.to ?? 'reader@example.test'}`,
    `Subject: ${subject}`,
    `Message-ID: <${options.messageId ?? `${subject.replace(/\W/g, '')}.${Math.random().toString(36).slice(2)}@example.test`}>`,
    ...(options.inReplyTo
      ? [`In-Reply-To: <${options.inReplyTo}>`, `References: <${options.inReplyTo}>`]
      : []),
    `Date: ${options.date ?? 'Tue, 02 Jan 2024 10:00:00 +0000'}`,
  ];
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\nHello ${subject}\r\n`);
};
