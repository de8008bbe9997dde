import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReport, readReportsIn } from './test-summary';

describe('test summary', () => {
  it('adds up vitest JSON reports and counts a suite that failed to load as a failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eider-reports-'));
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({ numPassedTests: 3, numFailedTests: 1, numPendingTests: 2 }),
    );
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({ numPassedTests: 4, numFailedTestSuites: 1, numTodoTests: 1 }),
    );
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    expect(readReportsIn(dir)).toEqual({ passed: 7, failed: 2, skipped: 3 });
  });

  it('treats a missing report as no tests rather than crashing', () => {
    expect(readReport('/nonexistent/report.json')).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });
});
