import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevRootToken } from './dev-root-token';

describe('ensureDevRootToken', () => {
  it('generates a private token once and returns the same one afterwards', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'eider-token-')), 'data');
    const first = ensureDevRootToken(dir);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[0-9a-f]{48}$/);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const second = ensureDevRootToken(dir);
    expect(second).toEqual({ ...first, created: false });
  });
});
