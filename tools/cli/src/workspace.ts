import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** dist/tools/cli/src -> workspace root. */
export const workspaceRoot = resolve(__dirname, '..', '..', '..', '..');

export const say = (line: string): void => {
  process.stdout.write(`eider: ${line}\n`);
};

/** Env for Nx: no daemon (CI, short-lived runs), no cloud, plain terminal output. */
export const nxEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: process.env['NX_SKIP_NX_CACHE'] ?? 'false',
  ...extra,
});

/** Runs a node-based tool from node_modules with the same Node binary, inheriting the terminal. */
export const runNodeTool = (scriptPath: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> =>
  new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(workspaceRoot, scriptPath), ...args], {
      cwd: workspaceRoot,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal ? 130 : 1));
    });
  });

export const NX_BIN = 'node_modules/nx/dist/bin/nx.js';
export const VITEST_BIN = 'node_modules/vitest/vitest.mjs';
