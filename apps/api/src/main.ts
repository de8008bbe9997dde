import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { exitOnStartupError, loadConfigOrExit } from '@eider/logging';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';

const bootstrap = async (): Promise<void> => {
  const config = loadConfigOrExit('api');
  if (!config.api.enabled) {
    process.stderr.write('eider api: api.enabled is false; nothing to run\n');
    return;
  }
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(config.api.port, config.api.host);
  app.get(Logger).log(`api listening on http://${config.api.host}:${config.api.port}`);
};

bootstrap().catch(exitOnStartupError('api'));
