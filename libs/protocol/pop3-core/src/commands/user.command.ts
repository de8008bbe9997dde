import type { Pop3Command } from '../pop3-command';

export const userCommand: Pop3Command = {
  name: 'USER',
  states: ['AUTHORIZATION'],
  async run(context, args) {
    if (!context.plaintextAuthAllowed) {
      await context.reject(
        'plaintext authentication is disallowed on non-secure connections; use STLS',
        'AUTH',
      );
      return;
    }
    const username = args.trim();
    if (username === '' || /\s/.test(username)) {
      context.pendingUsername = null;
      await context.reject('USER takes exactly one argument: the user name');
      return;
    }
    context.pendingUsername = username;
    await context.ok('send PASS');
  },
};
