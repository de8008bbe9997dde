import { splitArgs, type Pop3Command } from '../pop3-command';
import { lookupError } from '../pop3-transaction';

export const deleCommand: Pop3Command = {
  name: 'DELE',
  states: ['TRANSACTION'],
  async run(context, args) {
    const parts = splitArgs(args);
    if (parts.length !== 1) {
      await context.reject('DELE takes one message number');
      return;
    }
    const argument = parts[0]!;
    const transaction = context.transaction!;
    const found = transaction.lookup(argument);
    if (!found.ok) {
      await context.reject(lookupError(found.reason, argument));
      return;
    }
    // Only a mark: the maildrop changes in the UPDATE state, after QUIT.
    transaction.markDeleted(found.index);
    await context.ok(`message ${argument} deleted`);
  },
};
