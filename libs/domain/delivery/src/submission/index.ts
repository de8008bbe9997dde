export * from './submission.types';
export * from './reply-context';
export * from './submission-input.checks';
export * from './submission.service';
