export * from './store-capabilities';
export * from './expiry';
export * from './mongo-errors';
export * from './mongo.tokens';
export * from './mongo-health.service';
export * from './mongo.module';
export * from './indexes/index-spec';
export * from './indexes/index-catalog';
