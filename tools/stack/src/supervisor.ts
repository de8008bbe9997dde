import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ManagedProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** When set, output goes to this file instead of the terminal. */
  logFile?: string;
  /**
   * Stores run in their own process group so a terminal Ctrl-C reaches the apps first; the supervisor
   * stops the stores after the apps have drained. A pid file lets the next start clean up after a crash.
   */
  ownProcessGroup?: boolean;
}

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Undefined while running; the exit description once it has stopped. */
  exitReason: () => string | undefined;
  exited: Promise<void>;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export class Supervisor {
  private readonly processes: ManagedProcess[] = [];

  constructor(private readonly runDir: string) {
    mkdirSync(runDir, { recursive: true });
  }

  private pidFile(name: string): string {
    return join(this.runDir, `${name}.pid`);
  }

  /** Kills a process left behind by a launcher that was killed with SIGKILL. */
  reapStale(name: string): void {
    let pid: number;
    try {
      pid = Number(readFileSync(this.pidFile(name), 'utf8').trim());
    } catch {
      return;
    }
    if (pid > 0 && isAlive(pid)) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        process.kill(pid, 'SIGTERM');
      }
    }
    rmSync(this.pidFile(name), { force: true });
  }

  start(spec: ManagedProcessSpec): ManagedProcess {
    let logFd: number | undefined;
    if (spec.logFile) logFd = openSync(spec.logFile, 'a');
    const options: SpawnOptions = {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: spec.ownProcessGroup === true,
      stdio: logFd === undefined ? ['ignore', 'inherit', 'inherit'] : ['ignore', logFd, logFd],
    };
    const child = spawn(spec.command, spec.args, options);
    if (logFd !== undefined) closeSync(logFd);
    let reason: string | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once('error', (error) => {
        reason = error.message;
        resolve();
      });
      child.once('exit', (code, signal) => {
        reason = signal ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`;
        if (spec.ownProcessGroup) rmSync(this.pidFile(spec.name), { force: true });
        resolve();
      });
    });
    if (spec.ownProcessGroup && child.pid) writeFileSync(this.pidFile(spec.name), String(child.pid));
    const managed: ManagedProcess = { name: spec.name, child, exitReason: () => reason, exited };
    this.processes.push(managed);
    return managed;
  }

  running(): ManagedProcess[] {
    return this.processes.filter((managed) => managed.exitReason() === undefined);
  }

  /** Stops processes in reverse start order (apps before stores), escalating to SIGKILL after `graceMs`. */
  async stopAll(graceMs = 10_000): Promise<void> {
    for (const managed of [...this.processes].reverse()) {
      if (managed.exitReason() !== undefined) continue;
      managed.child.kill('SIGTERM');
      const timer = setTimeout(() => managed.child.kill('SIGKILL'), graceMs);
      await managed.exited;
      clearTimeout(timer);
    }
  }
}
