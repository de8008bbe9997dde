import pino, { type Logger, type LoggerOptions } from 'pino';

export interface LoggerSettings {
  level: string;
  pretty: 'auto' | 'always' | 'never';
  /** Process role, e.g. `api` or `protocols`; every line carries it. */
  service: string;
}

const wantsPretty = (pretty: LoggerSettings['pretty']): boolean =>
  pretty === 'always' || (pretty === 'auto' && process.stdout.isTTY === true);

export const loggerOptions = (settings: LoggerSettings): LoggerOptions => ({
  level: settings.level,
  base: { service: settings.service, pid: process.pid },
  // Headers are hostile input and tokens are secrets: never log them.
  redact: {
    paths: ['req.headers.authorization', 'req.headers["x-access-token"]', 'req.headers.cookie', 'password'],
    censor: '[redacted]',
  },
  timestamp: pino.stdTimeFunctions.isoTime,
  ...(wantsPretty(settings.pretty)
    ? {
        transport: {
          target: 'pino-pretty',
          options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
        },
      }
    : {}),
});

export const createLogger = (settings: LoggerSettings): Logger => pino(loggerOptions(settings));

export type { Logger } from 'pino';
