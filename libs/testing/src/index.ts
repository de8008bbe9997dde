export * from './test-env';
export * from './json-api.client';
