export * from './stack-error';
export * from './ports';
export * from './supervisor';
export * from './run-command';
export * from './dependency-probes';
export * from './ferretdb';
export * from './redis-server';
export * from './embedded-stack';
