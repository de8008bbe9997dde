import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { findFreePort } from '@eider/stack';
import { join } from 'node:path';
import { cliEntry, runCli, tempDir, workspaceRoot } from './launcher';

const protocolsEntry = join(workspaceRoot, 'dist/apps/protocols/src/main.js');

export interface ProtocolsPorts {
  imapPort: number;
  imapTlsPort: number;
  pop3Port: number;
  pop3TlsPort: number;
  lmtpPort: number;
}

export interface RunningProtocols extends ProtocolsPorts {
  pid: number;
  dataDir: string;
  output: () => string;
  /** Graceful stop (SIGTERM by default); resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  /** SIGKILL, as a crash would: no shutdown hooks run. */
  kill: () => Promise<void>;
}

export { findFreePort as freePort };

const portAccepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** The test run's store and Redis, which `npm test` passes down; e2e processes share them. */
export const stackEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // Test-only config from the runner is not for the app; the stack URLs and run names are.
    if (name.startsWith('EIDER_') && !/^EIDER_(MONGO__DATABASE|REDIS__KEY_PREFIX)$/.test(name)) continue;
    env[name] = value;
  }
  return env;
};

export const requireStack = (): void => {
  if (!process.env['MONGODB_URI'] || !process.env['REDIS_URL']) {
    throw new Error('e2e protocol tests need MONGODB_URI and REDIS_URL; run them through `npm test`');
  }
};

/**
 * Starts the built protocols app (IMAP, POP3, LMTP) on free ports against the test run's store and
 * Redis, and waits until every enabled listener accepts connections. Reuse `ports` to restart a killed
 * process on the same ports.
 */
export const startProtocols = async (
  env: NodeJS.ProcessEnv = {},
  ports?: ProtocolsPorts,
): Promise<RunningProtocols> => {
  requireStack();
  const chosen: ProtocolsPorts = ports ?? {
    imapPort: await findFreePort(),
    imapTlsPort: await findFreePort(),
    pop3Port: await findFreePort(),
    pop3TlsPort: await findFreePort(),
    lmtpPort: await findFreePort(),
  };
  const dataDir = env['EIDER_DATA_DIR'] ?? tempDir('protocols');
  const child: ChildProcess = spawn(process.execPath, [protocolsEntry], {
    cwd: workspaceRoot,
    env: {
      ...stackEnv(),
      EIDER_DATA_DIR: dataDir,
      EIDER_LOG__PRETTY: 'never',
      EIDER_LOG__LEVEL: 'info',
      EIDER_IMAP__PORT: String(chosen.imapPort),
      EIDER_IMAP__IMPLICIT_TLS__PORT: String(chosen.imapTlsPort),
      EIDER_POP3__PORT: String(chosen.pop3Port),
      EIDER_POP3__IMPLICIT_TLS__PORT: String(chosen.pop3TlsPort),
      EIDER_LMTP__PORT: String(chosen.lmtpPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const enabled = (service: string): boolean => env[`EIDER_${service}__ENABLED`] !== 'false';
  const expected = [
    ...(enabled('IMAP') ? [chosen.imapPort] : []),
    ...(enabled('POP3') ? [chosen.pop3Port] : []),
    ...(enabled('LMTP') ? [chosen.lmtpPort] : []),
  ];
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`protocols exited with ${child.exitCode}:\n${output}`);
    if (output.includes('protocols ready')) {
      const open = await Promise.all(expected.map(portAccepts));
      if (open.every(Boolean)) break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`protocols did not become ready within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    ...chosen,
    pid: child.pid ?? 0,
    dataDir,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
};

export interface TestAccount {
  username: string;
  password: string;
  address: string;
}

/** A fresh user with a password and a main address, made through `eider user add`. */
export const createTestAccount = (
  options: { username?: string; password?: string; address?: string; quota?: number } = {},
): TestAccount => {
  requireStack();
  const suffix = randomBytes(4).toString('hex');
  const username = options.username ?? `e2e${suffix}`;
  const account = {
    username,
    password: options.password ?? `pw-${suffix}-secret`,
    address: options.address ?? `${username}@e2e.example`,
  };
  const args = [
    'user',
    'add',
    account.username,
    '--password',
    account.password,
    '--address',
    account.address,
  ];
  if (options.quota !== undefined) args.push('--quota', String(options.quota));
  const result = runCli(args, stackEnv());
  if (result.code !== 0) throw new Error(`eider user add failed (${result.code}): ${result.stderr}`);
  return account;
};

/** Runs any `eider user ...` administration command against the test stack. */
export const runUserCommand = (args: string[]) => runCli(['user', ...args], stackEnv());

export { cliEntry };
