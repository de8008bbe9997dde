import type { Pop3Command } from '../pop3-command';
import { messageListing } from './message-listing';

export const uidlCommand: Pop3Command = {
  name: 'UIDL',
  states: ['TRANSACTION'],
  run(context, args) {
    const maildrop = context.transaction!.maildrop;
    return messageListing(context, args, 'UIDL', (index) => maildrop.uniqueIdOf(index));
  },
};
