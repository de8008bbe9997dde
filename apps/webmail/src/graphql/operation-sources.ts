import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every `*.graphql` file under the webmail's src, joined in path order, so each feature keeps its operations
 * beside its code while one generated client covers them all (fragments are shared across files).
 */
export const readWebmailOperations = (webmailSrc: string): string => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.graphql')) files.push(path);
    }
  };
  walk(webmailSrc);
  return files
    .map((path) => relative(webmailSrc, path))
    .sort()
    .map((path) => readFileSync(join(webmailSrc, path), 'utf8'))
    .join('\n');
};
