export * from './test-env';
export * from './json-api.client';
export * from './debian-chromium';
