import { join } from 'node:path';
import { findFreePort } from '@eider/stack';
import {
  cleanEnv,
  isAlive,
  pidFilesIn,
  processGroupMembers,
  startLauncher,
  tempDir,
  waitForOutput,
  type RunningLauncher,
} from './support/launcher';

interface Health {
  status: string;
  mongo: { status: string };
  redis: { status: string };
  protocols: { services: string[] }[];
}

describe('npm start on embedded defaults', () => {
  let launcher: RunningLauncher;
  let apiPort: number;
  let webmailPort: number;
  let dataDir: string;
  let storePids: number[] = [];

  beforeAll(async () => {
    apiPort = await findFreePort();
    webmailPort = await findFreePort();
    dataDir = tempDir('launcher');
    // No MONGODB_URI and no REDIS_URL: the launcher must bring its own FerretDB and redis-server.
    launcher = startLauncher(
      cleanEnv({
        EIDER_DATA_DIR: dataDir,
        EIDER_API__PORT: String(apiPort),
        EIDER_WEBMAIL__PORT: String(webmailPort),
        EIDER_MONGO__EMBEDDED__PORT: String(await findFreePort()),
        EIDER_REDIS__EMBEDDED__PORT: String(await findFreePort()),
        EIDER_MONGO__DATABASE: `eider_e2e_${process.pid}`,
      }),
    );
    await waitForOutput(launcher, 'Press Ctrl-C to stop everything.', 240_000);
    storePids = pidFilesIn(join(dataDir, 'run'));
  });

  afterAll(async () => {
    if (launcher.child.exitCode === null && launcher.child.pid) {
      process.kill(-launcher.child.pid, 'SIGINT');
      await launcher.exited;
    }
  });

  it('prints every URL and port it serves', () => {
    const output = launcher.output();
    expect(output).toContain(`api        http://127.0.0.1:${apiPort}`);
    expect(output).toContain(`webmail    http://127.0.0.1:${webmailPort}`);
    expect(output).toMatch(/mongodb +mongodb:\/\/127\.0\.0\.1:\d+\/ \(embedded FerretDB/);
    expect(output).toMatch(/redis +redis:\/\/127\.0\.0\.1:\d+ \(embedded redis-server\)/);
  });

  it('reports mongo, redis and a protocols node as healthy on /health', async () => {
    const response = await fetch(`http://127.0.0.1:${apiPort}/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as Health;
    expect(health.status).toBe('ok');
    expect(health.mongo.status).toBe('ok');
    expect(health.redis.status).toBe('ok');
    expect(health.protocols[0]?.services).toEqual(['imap', 'pop3', 'lmtp']);
  });

  it('serves the webmail status page showing the api health', async () => {
    const html = await (await fetch(`http://127.0.0.1:${webmailPort}/status`)).text();
    expect(html).toMatch(/data-testid="api-status"[^>]*>API status: <!-- -->ok/);
    expect(html).toMatch(/data-testid="status-mongo"[^>]*>ok</);
  });

  it('stops everything on Ctrl-C, the embedded stores included, leaving no orphans', async () => {
    const pid = launcher.child.pid!;
    expect(storePids).toHaveLength(2);
    expect(storePids.every(isAlive)).toBe(true);
    expect(processGroupMembers(pid).length).toBeGreaterThanOrEqual(4);
    process.kill(-pid, 'SIGINT');
    expect(await launcher.exited).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processGroupMembers(pid)).toEqual([]);
    expect(storePids.filter(isAlive)).toEqual([]);
    expect(launcher.output()).toContain('eider: stopped');
  });
});
