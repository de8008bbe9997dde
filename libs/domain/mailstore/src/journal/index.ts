export * from './journal.types';
export * from './modseq.allocator';
export * from './journal.repository';
export * from './journal.service';
export * from './journal.sweeper';
export * from './mailbox-watch.service';
export * from './user-change-feed.service';
