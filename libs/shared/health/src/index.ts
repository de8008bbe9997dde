export * from './dependency-check';
