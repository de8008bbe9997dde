import { ConfigError, loadConfig, type EiderConfig } from '@eider/config';

/** Loads config for a process entry point; a bad config ends the process with one line, no stack trace. */
export const loadConfigOrExit = (service: string): EiderConfig => {
  try {
    return loadConfig().config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`eider ${service}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
};

/** Turns common start-up failures into one line for the operator. */
export const describeStartupError = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const err = error as { address?: string; port?: number; message?: string } | undefined;
  if (code === 'EADDRINUSE')
    return `port ${err?.address ?? ''}:${err?.port ?? ''} is already in use; choose another port`;
  if (code === 'EACCES') return `no permission to listen on ${err?.address ?? ''}:${err?.port ?? ''}`;
  return err?.message?.split('\n')[0] ?? 'unknown error';
};

export const exitOnStartupError =
  (service: string) =>
  (error: unknown): never => {
    process.stderr.write(`eider ${service}: failed to start: ${describeStartupError(error)}\n`);
    process.exit(1);
  };

export type { EiderConfig };
