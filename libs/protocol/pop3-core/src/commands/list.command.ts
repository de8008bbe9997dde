import type { Pop3Command } from '../pop3-command';
import { messageListing } from './message-listing';

export const listCommand: Pop3Command = {
  name: 'LIST',
  states: ['TRANSACTION'],
  run(context, args) {
    const maildrop = context.transaction!.maildrop;
    return messageListing(context, args, 'LIST', (index) => String(maildrop.sizeOf(index)));
  },
};
