import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { exitOnStartupError, loadConfigOrExit } from '@eider/logging';
import { Logger } from 'nestjs-pino';
import { ProtocolsModule } from './protocols.module';

const bootstrap = async (): Promise<void> => {
  const config = loadConfigOrExit('protocols');
  // An application context, not an HTTP app: IMAP, POP3 and LMTP listeners are plain TCP servers.
  const app = await NestFactory.createApplicationContext(ProtocolsModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
};

bootstrap().catch(exitOnStartupError('protocols'));
