import { splitArgs, type Pop3Command } from '../pop3-command';
import { lookupError } from '../pop3-transaction';

const LINE_COUNT = /^[0-9]{1,9}$/;

export const topCommand: Pop3Command = {
  name: 'TOP',
  states: ['TRANSACTION'],
  async run(context, args) {
    const parts = splitArgs(args);
    if (parts.length !== 2) {
      await context.reject('TOP takes a message number and a line count');
      return;
    }
    const [argument, lines] = parts as [string, string];
    const found = context.transaction!.lookup(argument);
    if (!found.ok) {
      await context.reject(lookupError(found.reason, argument));
      return;
    }
    if (!LINE_COUNT.test(lines)) {
      await context.reject('invalid line count');
      return;
    }
    await context.sendMessage(found.index, Number(lines));
  },
};
