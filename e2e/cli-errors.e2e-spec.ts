import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findFreePort } from '@eider/stack';
import { cleanEnv, runCli, tempDir } from './support/launcher';

const expectOneLine = (stderr: string, pattern: RegExp): void => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('start-up failures give one clear line', () => {
  it('a broken config file', () => {
    const dir = tempDir('badconf');
    const file = join(dir, 'eider.toml');
    writeFileSync(file, '[imap\nport = 1\n');
    const result = runCli(['start'], cleanEnv({ EIDER_CONFIG: file }));
    expect(result.code).toBe(2);
    expectOneLine(result.stderr, /^eider: config file .* is not valid TOML at line 1/);
  });

  it('an invalid value, naming the key', () => {
    const result = runCli(['config'], cleanEnv({ EIDER_LMTP__PORT: 'twenty-four' }));
    expect(result.code).toBe(2);
    expectOneLine(result.stderr, /^eider: invalid config value for lmtp\.port \(from env EIDER_LMTP__PORT\)/);
  });

  it('an unreachable MongoDB', () => {
    const started = Date.now();
    const result = runCli(
      ['start'],
      cleanEnv({ MONGODB_URI: 'mongodb://127.0.0.1:1/', EIDER_DATA_DIR: tempDir('nomongo') }),
    );
    expect(result.code).toBe(2);
    expectOneLine(
      result.stderr,
      /^eider: MongoDB at mongodb:\/\/127\.0\.0\.1:1\/ is unreachable .*check MONGODB_URI/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('an unreachable Redis', async () => {
    const result = runCli(
      ['start'],
      cleanEnv({
        MONGODB_URI: process.env['MONGODB_URI'],
        REDIS_URL: `redis://127.0.0.1:${await findFreePort()}`,
        EIDER_DATA_DIR: tempDir('noredis'),
      }),
    );
    expect(result.code).toBe(2);
    expectOneLine(
      result.stderr,
      /^eider: Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable; check REDIS_URL/,
    );
  });

  it('a port already in use', async () => {
    const port = await findFreePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const result = runCli(
        ['start'],
        cleanEnv({
          MONGODB_URI: process.env['MONGODB_URI'],
          REDIS_URL: process.env['REDIS_URL'],
          EIDER_API__PORT: String(port),
          EIDER_WEBMAIL__ENABLED: 'false',
          EIDER_DATA_DIR: tempDir('busyport'),
        }),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`port 127.0.0.1:${port} for the api is already in use`);
      expect(result.stderr).toContain('EIDER_API__PORT');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});
