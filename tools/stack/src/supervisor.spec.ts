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
    const supervisor = new Supervisor(mkdtempSync(join(tmpdir(), 'eider-run-')));
    const stubborn = supervisor.start({
      name: 'stubborn',
      command: node,
      args: ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready')"],
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
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
