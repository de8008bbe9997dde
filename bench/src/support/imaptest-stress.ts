import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smallMessage } from './imap-seed';

const DEFAULT_BINARY = '/work/imaptest/bin/imaptest';

export interface ImaptestOptions {
  port: number;
  username: string;
  password: string;
  mbox: string;
  clients: number;
  seconds: number;
}

export interface ImaptestResult {
  /** The lines after "Totals:": the column header(s) and the summed counts. */
  totals: string[];
  /** Commands completed, the sum of the totals row. */
  commands: number;
  /** "Error:" lines imaptest printed (protocol or state errors it detected). */
  errors: number;
  firstError: string | null;
  exitCode: number | null;
}

/**
 * ImapTest links against Debian's libdovecot, which lives outside the loader's path; a build without
 * an rpath finds it through this.
 */
const DOVECOT_LIBRARIES = '/usr/lib/dovecot';
const withDovecotLibraries = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...env,
  LD_LIBRARY_PATH: [env['LD_LIBRARY_PATH'], DOVECOT_LIBRARIES].filter(Boolean).join(':'),
});

/** IMAPTEST_BIN, else the usual build location, else null (the stress run is optional). */
export const findImaptest = (): string | null => {
  const candidate = process.env['IMAPTEST_BIN'] ?? DEFAULT_BINARY;
  return existsSync(candidate) ? candidate : null;
};

/**
 * imaptest's stress mode appends messages from this mbox; its state tracking needs CRLF text and a
 * unique Message-ID per message, which the generated messages have.
 */
export const writeStressMbox = (file: string, count = 20): void => {
  const parts: string[] = [];
  for (let index = 0; index < count; index++) {
    parts.push(
      'From bench@example.com Sat Nov 28 10:00:00 2026\r\n',
      smallMessage(10_000 + index, 1000 + index * 500).toString('latin1'),
      '\r\n',
    );
  }
  writeFileSync(file, parts.join(''), 'latin1');
};

/** Runs `imaptest ... clients= secs=` in a scratch directory and keeps its totals. */
export const runImaptestStress = (binary: string, options: ImaptestOptions): Promise<ImaptestResult> =>
  new Promise((resolve, reject) => {
    const scratch = mkdtempSync(join(tmpdir(), 'eider-imaptest-'));
    const child = spawn(
      binary,
      [
        'host=127.0.0.1',
        `port=${options.port}`,
        `user=${options.username}`,
        `pass=${options.password}`,
        `mbox=${options.mbox}`,
        `clients=${options.clients}`,
        `secs=${options.seconds}`,
        'seed=123',
      ],
      { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], env: withDovecotLibraries(process.env) },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // imaptest stops on its own after secs=; this only guards against a wedged run.
    const timer = setTimeout(() => child.kill('SIGKILL'), (options.seconds + 120) * 1000);
    child.once('error', (error) => {
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
      const lines = output.split('\n').map((line) => line.trimEnd());
      const at = lines.lastIndexOf('Totals:');
      const totals =
        at === -1 ? [] : lines.slice(at + 1).filter((line) => line.trim() !== '' && !/^Error:/.test(line));
      const counts = totals.at(-1)?.trim().split(/\s+/).map(Number) ?? [];
      const errorLines = lines.filter((line) => line.startsWith('Error:'));
      resolve({
        totals,
        commands: counts.every(Number.isFinite) ? counts.reduce((sum, value) => sum + value, 0) : 0,
        errors: errorLines.length,
        firstError: errorLines[0] ?? (at === -1 ? lines.slice(-5).join(' | ') : null),
        exitCode: code,
      });
    });
  });
