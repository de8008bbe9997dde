import type { Pop3Command } from '../pop3-command';

export const rsetCommand: Pop3Command = {
  name: 'RSET',
  states: ['TRANSACTION'],
  async run(context, args) {
    if (args.trim() !== '') {
      await context.reject('RSET takes no arguments');
      return;
    }
    const transaction = context.transaction!;
    transaction.reset();
    const { count, size } = transaction.stat;
    await context.ok(`maildrop has ${count} message${count === 1 ? '' : 's'} (${size} octets)`);
  },
};
