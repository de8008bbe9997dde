import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@eider/config';
import { parse } from 'yaml';
import { cleanEnv, workspaceRoot } from './support/launcher';

interface ComposeService {
  environment?: Record<string, string>;
  build?: { target?: string };
}

const composeFile = join(workspaceRoot, 'docker/compose.yml');
const ROOT_TOKEN = 'compose-test-token-0123456789';

/** Resolves `${NAME:?message}` and `${NAME:-default}` the way compose does, for the variables we set. */
const interpolate = (value: string, env: Record<string, string>): string =>
  value.replace(/\$\{(\w+)(?::[?-][^}]*)?\}/g, (_match, name: string) => env[name] ?? '');

const composeAvailable = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;

describe('docker/compose.yml', () => {
  const document = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };

  it('gives every Eider app a configuration that passes validation', () => {
    for (const name of ['api', 'protocols']) {
      const service = document.services[name];
      expect(service?.build?.target).toBe(name);
      const environment = Object.fromEntries(
        Object.entries(service?.environment ?? {}).map(([key, value]) => [
          key,
          interpolate(String(value), { EIDER_ROOT_TOKEN: ROOT_TOKEN }),
        ]),
      );
      const { config } = loadConfig({ env: environment, cwd: workspaceRoot });
      expect(config.mongo.uri).toContain('replicaSet=rs0');
      expect(config.redis.url).toBe('redis://redis:6379');
      if (name === 'api') expect(config.api).toMatchObject({ host: '0.0.0.0', rootToken: ROOT_TOKEN });
      if (name === 'protocols')
        expect([config.imap.host, config.pop3.host, config.lmtp.host]).toEqual([
          '0.0.0.0',
          '0.0.0.0',
          '0.0.0.0',
        ]);
    }
  });

  it('runs a three-member replica set initiated by a one-shot container', () => {
    const init = readFileSync(join(workspaceRoot, 'docker/mongo-init-replica-set.js'), 'utf8');
    for (const member of ['mongo1:27017', 'mongo2:27017', 'mongo3:27017']) expect(init).toContain(member);
    expect(document.services['mongo-init']).toBeDefined();
  });

  it.skipIf(!composeAvailable)(
    'validates with `docker compose config` and refuses to run without a root token',
    () => {
      const withToken = spawnSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], {
        env: cleanEnv({ EIDER_ROOT_TOKEN: ROOT_TOKEN }),
        encoding: 'utf8',
      });
      expect(withToken.stderr).toBe('');
      expect(withToken.status).toBe(0);
      const withoutToken = spawnSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], {
        env: cleanEnv({}),
        encoding: 'utf8',
      });
      expect(withoutToken.status).not.toBe(0);
      expect(withoutToken.stderr).toContain('EIDER_ROOT_TOKEN');
    },
  );
});

if (!composeAvailable) {
  console.warn('docker compose is not installed here: the `docker compose config` check is skipped');
}
