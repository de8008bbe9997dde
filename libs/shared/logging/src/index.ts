export * from './logger.factory';
export * from './boot';
export * from './nest-logger.module';
