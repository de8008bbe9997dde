import type { Pop3Command } from '../pop3-command';

export const statCommand: Pop3Command = {
  name: 'STAT',
  states: ['TRANSACTION'],
  async run(context, args) {
    if (args.trim() !== '') {
      await context.reject('STAT takes no arguments');
      return;
    }
    const { count, size } = context.transaction!.stat;
    await context.ok(`${count} ${size}`);
  },
};
