import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const workspaceRoot = resolve(__dirname, '..', '..');
export const cliEntry = join(workspaceRoot, 'dist/tools/cli/src/main.js');

/** The environment of `npm test` minus what points at its own stack, plus the given overrides. */
export const cleanEnv = (overrides: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('EIDER_') || name === 'MONGODB_URI' || name === 'REDIS_URL') continue;
    env[name] = value;
  }
  return { ...env, EIDER_LOG__PRETTY: 'never', EIDER_LOG__LEVEL: 'warn', ...overrides };
};

export const tempDir = (label: string): string => mkdtempSync(join(tmpdir(), `eider-e2e-${label}-`));

export interface RunningLauncher {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `eider start` in its own process group, as a terminal would run it. */
export const startLauncher = (env: NodeJS.ProcessEnv): RunningLauncher => {
  const child = spawn(process.execPath, [cliEntry, 'start'], {
    cwd: workspaceRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolvePromise) =>
    child.once('exit', (code) => resolvePromise(code)),
  );
  return { child, output: () => output, exited };
};

export const waitForOutput = async (
  launcher: RunningLauncher,
  text: string,
  timeoutMs: number,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (launcher.output().includes(text)) return;
    if (launcher.child.exitCode !== null) break;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
  }
  throw new Error(`launcher never printed "${text}"; output:\n${launcher.output()}`);
};

/** Pids of every process in a process group (the launcher's own group holds the apps it started). */
export const processGroupMembers = (pgid: number): number[] => {
  const ps = spawnSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([pid, group]) => group === pgid && pid !== undefined && pid > 0)
    .map(([pid]) => pid as number);
};

export const pidFilesIn = (runDir: string): number[] => {
  try {
    return readdirSync(runDir)
      .filter((name) => name.endsWith('.pid'))
      .map((name) => Number(readFileSync(join(runDir, name), 'utf8').trim()));
  } catch {
    return [];
  }
};

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs the CLI to completion and returns its exit code and output. */
export const runCli = (args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000) => {
  const result = spawnSync(process.execPath, [cliEntry, ...args], {
    cwd: workspaceRoot,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
