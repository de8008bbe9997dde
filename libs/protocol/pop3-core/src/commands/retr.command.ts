import { splitArgs, type Pop3Command } from '../pop3-command';
import { lookupError } from '../pop3-transaction';

export const retrCommand: Pop3Command = {
  name: 'RETR',
  states: ['TRANSACTION'],
  async run(context, args) {
    const parts = splitArgs(args);
    if (parts.length !== 1) {
      await context.reject('RETR takes one message number');
      return;
    }
    const argument = parts[0]!;
    const found = context.transaction!.lookup(argument);
    if (!found.ok) {
      await context.reject(lookupError(found.reason, argument));
      return;
    }
    await context.sendMessage(found.index, null);
  },
};
