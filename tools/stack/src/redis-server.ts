import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from './stack-error';
import { findExecutable, runCommand, searchDirs } from './run-command';
import type { ManagedProcess, Supervisor } from './supervisor';
import { assertPortFree, waitForPort } from './ports';

const SBIN_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin'];

/** Finds redis-server, installing Debian's package first when it is missing and we are root. */
export const ensureRedisServerBinary = async (log: (line: string) => void): Promise<string> => {
  const found = await findExecutable('redis-server', searchDirs(SBIN_DIRS));
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const aptGet = await findExecutable('apt-get', searchDirs(SBIN_DIRS));
  if (!isRoot || !aptGet) {
    throw new StackError(
      'redis-server not found: install Redis (Debian: apt-get install redis-server) or set REDIS_URL to an existing Redis',
    );
  }
  log('redis-server is missing; installing the Debian package redis-server');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = await runCommand(aptGet, ['install', '-y', '-q', 'redis-server'], { env });
  if (install.code !== 0) {
    await runCommand(aptGet, ['update', '-q'], { env });
    install = await runCommand(aptGet, ['install', '-y', '-q', 'redis-server'], { env });
  }
  const installed = await findExecutable('redis-server', searchDirs(SBIN_DIRS));
  if (install.code !== 0 || !installed) {
    throw new StackError(
      `apt-get install redis-server failed: ${install.output.trim().split('\n').pop() ?? ''}`,
    );
  }
  return installed;
};

export interface RedisServerSettings {
  host: string;
  port: number;
  dataDir: string;
  logDir: string;
  portKey: string;
}

export const startRedisServer = async (
  supervisor: Supervisor,
  binary: string,
  settings: RedisServerSettings,
): Promise<ManagedProcess> => {
  supervisor.reapStale('redis');
  await assertPortFree(settings.port, settings.host, 'the embedded Redis', settings.portKey);
  const dir = join(settings.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  mkdirSync(settings.logDir, { recursive: true });
  const managed = supervisor.start({
    name: 'redis',
    command: binary,
    args: [
      '--bind',
      settings.host,
      '--port',
      String(settings.port),
      '--dir',
      dir,
      '--save',
      '60 1000',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
    ],
    logFile: join(settings.logDir, 'redis.log'),
    ownProcessGroup: true,
  });
  await waitForPort(settings.port, settings.host, 'redis-server', {
    timeoutMs: 10_000,
    hasExited: managed.exitReason,
  });
  return managed;
};
