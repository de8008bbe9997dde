import 'reflect-metadata';
import { exitOnStartupError, loadConfigOrExit } from '@eider/logging';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './api-app.factory';

const bootstrap = async (): Promise<void> => {
  const config = loadConfigOrExit('api');
  if (!config.api.enabled) {
    process.stderr.write('eider api: api.enabled is false; nothing to run\n');
    return;
  }
  const app = await createApiApp(config);
  await app.listen(config.api.port, config.api.host);
  const logger = app.get(Logger);
  if (!config.api.rootToken) logger.warn('api.rootToken is not set: admin routes are unreachable');
  logger.log(`api listening on http://${config.api.host}:${config.api.port}`);
};

bootstrap().catch(exitOnStartupError('api'));
