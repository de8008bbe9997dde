import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { loggerOptions } from './logger.factory';

/** Pino for Nest: JSON lines (pretty on a terminal) and a request id on every HTTP log line. */
export const nestLoggerModule = (service: string, level: string, pretty: 'auto' | 'always' | 'never') =>
  LoggerModule.forRoot({
    pinoHttp: {
      ...loggerOptions({ service, level, pretty }),
      genReqId: (request: IncomingMessage) => {
        const incoming = request.headers['x-request-id'];
        return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
      },
      customProps: () => ({}),
      autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health' },
    },
  });
