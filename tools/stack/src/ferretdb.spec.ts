import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFerretdbBinary, ferretdbPostgresUrl } from './ferretdb';
import { StackError } from './stack-error';

describe('ensureFerretdbBinary', () => {
  it('explains in one line what to do when the Go toolchain is missing', async () => {
    const binDir = mkdtempSync(join(tmpdir(), 'eider-bin-'));
    const logged: string[] = [];
    const error = await ensureFerretdbBinary(binDir, (line) => logged.push(line), []).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).message).toMatch(
      /^Go toolchain not found: .*install Go .*or set MONGODB_URI/,
    );
    expect((error as StackError).message).not.toContain('\n');
    expect(logged).toEqual([]);
  });
});

describe('ferretdbPostgresUrl', () => {
  it('asks PostgreSQL for custom plans and keeps what the URL already says', () => {
    const url = new URL(
      ferretdbPostgresUrl('postgres://eider:s%40cret@db.example:5433/eider_ferretdb?sslmode=require'),
    );
    expect(url.searchParams.get('plan_cache_mode')).toBe('force_custom_plan');
    expect(url.searchParams.get('sslmode')).toBe('require');
    expect(`${url.username}:${url.password}@${url.host}${url.pathname}`).toBe(
      'eider:s%40cret@db.example:5433/eider_ferretdb',
    );
  });
});
