export * from './change-beacon.codec';
export * from './subscriber.hub';
export * from './change.notifier';
