import type { Pop3Command } from '../pop3-command';

export const noopCommand: Pop3Command = {
  name: 'NOOP',
  states: ['TRANSACTION'],
  async run(context, args) {
    if (args.trim() !== '') {
      await context.reject('NOOP takes no arguments');
      return;
    }
    await context.ok('');
  },
};
