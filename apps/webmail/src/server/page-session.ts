import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { parseSession, SESSION_COOKIE } from './cookies';
import { safeNextPath } from '../client/next-path';

type SearchParams = Record<string, string | string[] | undefined>;

const queryOf = (params: SearchParams): string => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      query.append(key, item);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
};

/**
 * Pages that need a signed-in user send everyone else to the sign-in, remembering where they were going.
 * Done in the page rather than in middleware because Next's middleware rebuilds redirects from its own idea
 * of the host (`localhost` behind `--hostname 127.0.0.1`), while `redirect()` here answers a relative Location.
 */
export const requirePageSession = async (pathname: string, params: SearchParams): Promise<void> => {
  const session = parseSession((await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) redirect(`/login?next=${encodeURIComponent(safeNextPath(`${pathname}${queryOf(params)}`))}`);
};
