// GraphQL over XMLHttpRequest for the calls that carry attachments: unlike fetch, it reports upload progress.
import { onSessionExpired, readCookie, WebmailApiError } from '../client/graphql-client';
import type { TypedDocument } from '../graphql/generated';

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface XhrGraphqlOptions {
  /** Fraction of the request body sent so far, 0 to 1. */
  onUploadProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export const xhrGraphqlRequest = <TResult, TVariables>(
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables,
  options: XhrGraphqlOptions = {},
): Promise<TResult> =>
  new Promise<TResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/graphql');
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/json');
    // The same double-submit token the fetch client sends.
    xhr.setRequestHeader('x-csrf-token', readCookie('eider_csrf') ?? '');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onUploadProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new WebmailApiError('NETWORK', 'The server cannot be reached'));
    xhr.onabort = () => reject(new DOMException('The request was aborted', 'AbortError'));
    xhr.onload = () => {
      let answer: GraphqlAnswer<TResult> = {};
      try {
        answer = JSON.parse(xhr.responseText) as GraphqlAnswer<TResult>;
      } catch {
        // A proxy error page: reported by status below.
      }
      const first = answer.errors?.[0];
      const ok = xhr.status >= 200 && xhr.status < 300;
      const code = first?.extensions?.code ?? (ok ? 'INTERNAL' : `HTTP_${xhr.status}`);
      if (xhr.status === 401 || code === 'UNAUTHENTICATED') {
        onSessionExpired();
        reject(new WebmailApiError('UNAUTHENTICATED', 'Your session has expired'));
      } else if (xhr.status === 413) {
        reject(new WebmailApiError('PAYLOAD_TOO_LARGE', 'The attachments are too large'));
      } else if (first) {
        reject(new WebmailApiError(code, first.message));
      } else if (!ok || !answer.data) {
        reject(new WebmailApiError(code, `Request failed (${xhr.status})`));
      } else {
        options.onUploadProgress?.(1);
        resolve(answer.data);
      }
    };
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(JSON.stringify({ query: document, variables }));
  });
