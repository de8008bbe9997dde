import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from './bench-stack';

export const API_ENTRY = join(workspaceRoot, 'dist/apps/api/src/main.js');

export interface EiderApiOptions {
  mongoUri: string;
  redisUrl: string;
  database: string;
  keyPrefix: string;
  port: number;
}

export interface EiderApi {
  baseUrl: string;
  rootToken: string;
  stop(): Promise<void>;
}

/** Spawns the built api app on `port` and waits until /health answers 200. */
export const startEiderApi = async (options: EiderApiOptions): Promise<EiderApi> => {
  if (!existsSync(API_ENTRY)) throw new Error(`${API_ENTRY} is missing; run \`npx nx run api:build\` first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'eider-bench-api-'));
  const rootToken = randomBytes(24).toString('hex');
  const child: ChildProcess = spawn(process.execPath, [API_ENTRY], {
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
      EIDER_API__PORT: String(options.port),
      EIDER_API__ROOT_TOKEN: rootToken,
    },
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
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const healthy = await fetch(`${baseUrl}/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error('the api did not become healthy within 90 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, rootToken, stop };
};
