import { join } from 'node:path';
import type { EiderConfig } from '@eider/config';
import type { ManagedProcess, Supervisor } from '@eider/stack';
import { assertPortFree } from '@eider/stack';
import { workspaceRoot } from './workspace';

export interface AppLaunch {
  config: EiderConfig;
  mongoUri: string;
  redisUrl: string;
  extraEnv?: NodeJS.ProcessEnv;
}

export const apiUrlOf = (config: EiderConfig): string =>
  config.webmail.apiUrl ??
  `http://${config.api.host === '0.0.0.0' ? '127.0.0.1' : config.api.host}:${config.api.port}`;

export const protocolsEnabled = (config: EiderConfig): boolean =>
  config.imap.enabled || config.pop3.enabled || config.lmtp.enabled;

/** Starts every enabled app process; stores must already be up. */
export const startApps = async (supervisor: Supervisor, launch: AppLaunch): Promise<ManagedProcess[]> => {
  const { config } = launch;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...launch.extraEnv,
    MONGODB_URI: launch.mongoUri,
    REDIS_URL: launch.redisUrl,
  };
  const started: ManagedProcess[] = [];
  if (config.api.enabled) {
    await assertPortFree(config.api.port, config.api.host, 'the api', 'EIDER_API__PORT');
    started.push(
      supervisor.start({
        name: 'api',
        command: process.execPath,
        args: ['dist/apps/api/src/main.js'],
        cwd: workspaceRoot,
        env,
      }),
    );
  }
  if (protocolsEnabled(config)) {
    started.push(
      supervisor.start({
        name: 'protocols',
        command: process.execPath,
        args: ['dist/apps/protocols/src/main.js'],
        cwd: workspaceRoot,
        env,
      }),
    );
  }
  if (config.webmail.enabled) {
    await assertPortFree(config.webmail.port, config.webmail.host, 'the webmail', 'EIDER_WEBMAIL__PORT');
    started.push(
      supervisor.start({
        name: 'webmail',
        command: process.execPath,
        args: [
          join(workspaceRoot, 'node_modules/next/dist/bin/next'),
          'start',
          '--port',
          String(config.webmail.port),
          '--hostname',
          config.webmail.host,
        ],
        cwd: join(workspaceRoot, 'apps/webmail'),
        env: {
          ...env,
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          EIDER_WEBMAIL__API_URL: apiUrlOf(config),
        },
      }),
    );
  }
  return started;
};
