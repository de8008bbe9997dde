import { allowedFilePath } from './file-path';
import { apiUrl, jsonResponse, sessionOf } from './request-session';

const PASSED_HEADERS = ['content-type', 'content-disposition', 'content-length', 'last-modified', 'etag'];

/** Streams one of the signed-in user's attachments or raw messages from the API. */
export const GET = async (
  request: Request,
  context: { params: Promise<{ path: string[] }> },
): Promise<Response> => {
  const session = sessionOf(request);
  if (!session) return jsonResponse({ error: 'Not signed in' }, 401);
  const { path } = await context.params;
  const apiPath = allowedFilePath(path, session.userId);
  if (!apiPath) return jsonResponse({ error: 'Not found' }, 404);
  let answer: Response;
  try {
    answer = await fetch(apiUrl(`/${apiPath}`), {
      headers: { 'X-Access-Token': session.token },
      cache: 'no-store',
      signal: request.signal,
    });
  } catch {
    return jsonResponse({ error: 'The mail server cannot be reached' }, 502);
  }
  const headers = new Headers({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' });
  for (const name of PASSED_HEADERS) {
    const value = answer.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!answer.ok) headers.set('content-type', 'application/json');
  return new Response(answer.body, { status: answer.status, headers });
};
