import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFerretdbBinary } from './ferretdb';
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
