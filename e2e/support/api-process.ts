import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { findFreePort } from '@eider/stack';
import { callJsonApi, type JsonApiCallOptions, type JsonApiResponse } from '@eider/testing';
import { tempDir, workspaceRoot } from './launcher';
import { requireStack, stackEnv } from './protocols-process';

const apiEntry = join(workspaceRoot, 'dist/apps/api/src/main.js');

export interface RunningApi {
  baseUrl: string;
  port: number;
  rootToken: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

export type ApiReply<T = Record<string, unknown>> = JsonApiResponse<T>;

/** Starts the built api app on a free port against the test run's store and Redis, with a fresh root token. */
export const startApi = async (env: NodeJS.ProcessEnv = {}): Promise<RunningApi> => {
  requireStack();
  const port = await findFreePort();
  const rootToken = randomBytes(24).toString('hex');
  const child = spawn(process.execPath, [apiEntry], {
    cwd: workspaceRoot,
    env: {
      ...stackEnv(),
      EIDER_DATA_DIR: tempDir('api'),
      EIDER_LOG__PRETTY: 'never',
      EIDER_LOG__LEVEL: 'warn',
      EIDER_API__PORT: String(port),
      EIDER_API__ROOT_TOKEN: rootToken,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(`${baseUrl}/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`api did not become healthy within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    port,
    rootToken,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
};

/** One HTTP call with the root token unless `token` is set (null sends none). */
export const apiCall = <T = Record<string, unknown>>(
  api: RunningApi,
  method: string,
  path: string,
  options: JsonApiCallOptions = {},
): Promise<ApiReply<T>> => callJsonApi<T>(api.baseUrl, api.rootToken, method, path, options);
