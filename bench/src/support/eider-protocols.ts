import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from './bench-stack';

export const PROTOCOLS_ENTRY = join(workspaceRoot, 'dist/apps/protocols/src/main.js');

export interface EiderProtocolsOptions {
  mongoUri: string;
  redisUrl: string;
  database: string;
  /** Must match the prefix the accounts were created under (auth limiter and change beacons). */
  keyPrefix: string;
  port: number;
  /** The one listener to open, plaintext; the others stay off. Default imap. */
  service?: 'imap' | 'pop3' | 'lmtp';
}

// Dovecot runs without TLS too: both sides pay the same (no) encryption cost.
const listenerEnv = (service: 'imap' | 'pop3' | 'lmtp', port: number): Record<string, string> => {
  const off = { EIDER_IMAP__ENABLED: 'false', EIDER_POP3__ENABLED: 'false', EIDER_LMTP__ENABLED: 'false' };
  switch (service) {
    case 'imap':
      return {
        ...off,
        EIDER_IMAP__ENABLED: 'true',
        EIDER_IMAP__PORT: String(port),
        EIDER_IMAP__IMPLICIT_TLS__ENABLED: 'false',
        EIDER_IMAP__ALLOW_PLAINTEXT_AUTH: 'true',
      };
    case 'pop3':
      return {
        ...off,
        EIDER_POP3__ENABLED: 'true',
        EIDER_POP3__PORT: String(port),
        EIDER_POP3__IMPLICIT_TLS__ENABLED: 'false',
        EIDER_POP3__ALLOW_PLAINTEXT_AUTH: 'true',
      };
    case 'lmtp':
      return {
        ...off,
        EIDER_LMTP__ENABLED: 'true',
        EIDER_LMTP__PORT: String(port),
        EIDER_LMTP__STARTTLS: 'false',
      };
  }
};

export interface EiderProtocols {
  port: number;
  /** SIGTERM, then SIGKILL after 15 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

export { findFreePort as freePort } from '@eider/stack';

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * Builds the apps a bench runs so it measures the current source. A failed build (another change half-way
 * through) falls back to an existing build, loudly; without one the bench cannot run.
 */
export const buildApps = (log: (line: string) => void, projects: string[] = ['protocols']): void => {
  log(`building ${projects.join(', ')} (nx run-many -t build)`);
  const result = spawnSync(
    process.execPath,
    [
      join(workspaceRoot, 'node_modules/nx/dist/bin/nx.js'),
      'run-many',
      '-t',
      'build',
      '-p',
      ...projects,
      '--outputStyle=static',
    ],
    { cwd: workspaceRoot, env: { ...process.env, NX_DAEMON: 'false' }, encoding: 'utf8', timeout: 900_000 },
  );
  const entries = projects.map((project) => join(workspaceRoot, `dist/apps/${project}/src/main.js`));
  if (result.status === 0 && entries.every((entry) => existsSync(entry))) return;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  if (!entries.every((entry) => existsSync(entry))) {
    throw new Error(
      `a build output is missing and the build failed; run \`npx nx run-many -t build\` first\n${output}`,
    );
  }
  log(`build failed (status ${result.status}); measuring the existing build in dist/\n${output}`);
};

export const buildProtocols = (log: (line: string) => void): void => buildApps(log, ['protocols']);

/** Spawns the built protocols app with one plaintext listener on `port` and waits until it accepts. */
export const startEiderProtocols = async (options: EiderProtocolsOptions): Promise<EiderProtocols> => {
  if (!existsSync(PROTOCOLS_ENTRY)) {
    throw new Error(`${PROTOCOLS_ENTRY} is missing; run \`npx nx run protocols:build\` first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'eider-bench-imap-'));
  const child: ChildProcess = spawn(process.execPath, [PROTOCOLS_ENTRY], {
    cwd: workspaceRoot,
    env: {
      ...process.env,
      MONGODB_URI: options.mongoUri,
      REDIS_URL: options.redisUrl,
      EIDER_MONGO__DATABASE: options.database,
      EIDER_REDIS__KEY_PREFIX: options.keyPrefix,
      EIDER_DATA_DIR: dataDir,
      EIDER_LOG__LEVEL: 'warn',
      EIDER_LOG__PRETTY: 'never',
      ...listenerEnv(options.service ?? 'imap', options.port),
    },
    // Its log lines go to stderr with the bench's progress, keeping stdout for the results table.
    stdio: ['ignore', 2, 2],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 90_000;
  while (!(await accepts(options.port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`protocols exited (${child.exitCode ?? child.signalCode}) before listening`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('protocols did not listen within 90 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port: options.port, stop };
};
