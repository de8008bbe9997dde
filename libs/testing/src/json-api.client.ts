export interface JsonApiCallOptions {
  /** The token for `X-Access-Token`; null sends none; undefined uses the client's default. */
  token?: string | null;
  json?: unknown;
  /** A raw body sent as is, with `contentType`. */
  body?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface JsonApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or `{}` when the body is not JSON. */
  body: T & Record<string, unknown>;
  raw: Buffer;
}

/** One HTTP request to the API as a client would send it, for integration and end-to-end tests. */
export const callJsonApi = async <T = Record<string, unknown>>(
  baseUrl: string,
  defaultToken: string | null,
  method: string,
  path: string,
  options: JsonApiCallOptions = {},
): Promise<JsonApiResponse<T>> => {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? defaultToken : options.token;
  if (token !== null) headers['x-access-token'] = token;
  let body: Buffer | string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/octet-stream';
    body = options.body;
  }
  const response = await fetch(baseUrl + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const raw = Buffer.from(await response.arrayBuffer());
  let parsed: unknown = {};
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      parsed = {};
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    body: parsed as T & Record<string, unknown>,
    raw,
  };
};
