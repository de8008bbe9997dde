'use client';
import type { TypedDocument } from '../graphql/generated';

/** A failed GraphQL call, with the API's stable error code (UNAUTHENTICATED, NOT_FOUND, NETWORK, ...). */
export class WebmailApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WebmailApiError';
  }
}

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export const readCookie = (name: string): string | undefined => {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
};

/** Back to the sign-in, coming back here afterwards. Drafts survive: compose keeps them in sessionStorage. */
export const onSessionExpired = (): void => {
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
};

export const graphqlRequest = async <TResult, TVariables>(
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables,
  init: { signal?: AbortSignal } = {},
): Promise<TResult> => {
  let response: Response;
  try {
    response = await fetch('/api/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': readCookie('eider_csrf') ?? '' },
      body: JSON.stringify({ query: document, variables }),
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new WebmailApiError('NETWORK', 'The server cannot be reached');
  }
  const answer = (await response.json().catch(() => ({}))) as GraphqlAnswer<TResult>;
  const first = answer.errors?.[0];
  const code = first?.extensions?.code ?? (response.ok ? 'INTERNAL' : `HTTP_${response.status}`);
  if (response.status === 401 || code === 'UNAUTHENTICATED') {
    onSessionExpired();
    throw new WebmailApiError('UNAUTHENTICATED', 'Your session has expired');
  }
  if (first) throw new WebmailApiError(code, first.message);
  if (!response.ok || !answer.data) throw new WebmailApiError(code, `Request failed (${response.status})`);
  return answer.data;
};

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : 'Something went wrong';
