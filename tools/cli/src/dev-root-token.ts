import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface DevRootToken {
  token: string;
  /** Where the token is kept, so it survives restarts of the one-box start. */
  file: string;
  created: boolean;
}

/**
 * The root token for a one-box start when config sets none: generated once, kept in the data directory
 * with owner-only permissions. There is never an open default; the operator sees the token printed.
 */
export const ensureDevRootToken = (dataDir: string): DevRootToken => {
  const file = join(dataDir, 'api-root-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, file, created: false };
  }
  mkdirSync(dirname(file), { recursive: true });
  const token = randomBytes(24).toString('hex');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file, created: true };
};
