import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { EiderConfig } from '@eider/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { serveOpenApi } from './openapi/openapi.document';

/**
 * The configured HTTP application, shared by `main.ts` and the integration tests so both run the same
 * parsers, limits, guards and documents.
 */
export const createApiApp = async (config: EiderConfig): Promise<NestExpressApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const limit = config.api.maxBodyBytes;
  app.useBodyParser('json', { limit });
  // Raw uploads (`Content-Type: message/rfc822`) arrive as bytes, never decoded as text.
  app.useBodyParser('raw', {
    type: ['message/rfc822'],
    limit: Math.min(limit, config.limits.maxMessageSize),
  });
  app.enableShutdownHooks();
  if (config.api.docs) serveOpenApi(app);
  return app;
};
