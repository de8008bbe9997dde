import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor } from './supervisor';

const node = process.execPath;
const alive = (pid: number | undefined): boolean => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Supervisor', () => {
  it('stops processes in reverse start order, so apps drain before the stores they use', async () => {
    const supervisor = new Supervisor(mkdtempSync(join(tmpdir(), 'eider-run-')));
    const order: string[] = [];
    const keepAlive = ['-e', 'setInterval(() => {}, 1000)'];
    const store = supervisor.start({ name: 'store', command: node, args: keepAlive });
    const app = supervisor.start({ name: 'app', command: node, args: keepAlive });
    void store.exited.then(() => order.push('store'));
    void app.exited.then(() => order.push('app'));
    await supervisor.stopAll();
    expect(order).toEqual(['app', 'store']);
    expect(supervisor.running()).toHaveLength(0);
  });

  it('escalates to SIGKILL when a process ignores SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eider-run-'));
    const readyFile = join(dir, 'ready');
    const supervisor = new Supervisor(dir);
    const stubborn = supervisor.start({
      name: 'stubborn',
      command: node,
      args: [
        '-e',
        `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); require('fs').writeFileSync(${JSON.stringify(readyFile)}, '')`,
      ],
    });
    // Only once the handler is installed does SIGTERM get ignored; a loaded machine can take a while.
    for (let waited = 0; !existsSync(readyFile) && waited < 20_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await supervisor.stopAll(500);
    expect(stubborn.exitReason()).toBe('killed by SIGKILL');
  });

  it('kills a store left running by a launcher that died, using its pid file', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'eider-run-'));
    const first = new Supervisor(runDir);
    const orphan = first.start({
      name: 'ferretdb',
      command: node,
      args: ['-e', 'setInterval(() => {}, 1000)'],
      ownProcessGroup: true,
    });
    expect(existsSync(join(runDir, 'ferretdb.pid'))).toBe(true);
    new Supervisor(runDir).reapStale('ferretdb');
    await orphan.exited;
    expect(alive(orphan.child.pid)).toBe(false);
    expect(existsSync(join(runDir, 'ferretdb.pid'))).toBe(false);
  });
});
