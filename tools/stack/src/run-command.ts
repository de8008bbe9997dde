import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  output: string;
}

/** Runs a command to completion, keeping the tail of its output for error messages. */
export const runCommand = (
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: boolean } = {},
): Promise<CommandResult> =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (options.echo) process.stderr.write(chunk);
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => resolve({ code: null, output: error.message }));
    child.once('exit', (code) => resolve({ code, output }));
  });

/** PATH plus well-known install locations, so a toolchain installed outside PATH is still found. */
export const searchDirs = (extraDirs: string[] = []): string[] =>
  [...(process.env['PATH'] ?? '').split(':'), ...extraDirs].filter(Boolean);

export const findExecutable = async (name: string, dirs: string[]): Promise<string | undefined> => {
  const { access, constants } = await import('node:fs/promises');
  for (const dir of dirs) {
    const candidate = `${dir}/${name}`;
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
};
