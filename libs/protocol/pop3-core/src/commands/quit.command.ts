import type { Pop3Command } from '../pop3-command';

export const quitCommand: Pop3Command = {
  name: 'QUIT',
  states: ['AUTHORIZATION', 'TRANSACTION'],
  async run(context, args) {
    if (args.trim() !== '') {
      await context.reject('QUIT takes no arguments');
      return;
    }
    await context.quit();
  },
};
