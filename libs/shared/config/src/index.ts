export * from './config.schema';
export * from './config-error';
export * from './config-loader';
export * from './config-printer';
export * from './config.module';
