import type { Pop3Command } from '../pop3-command';

export const passCommand: Pop3Command = {
  name: 'PASS',
  states: ['AUTHORIZATION'],
  async run(context, args) {
    const username = context.pendingUsername;
    // RFC 1939 lets a password contain spaces: everything after "PASS " is the password.
    context.pendingUsername = null;
    if (username === null) {
      await context.reject('send USER first');
      return;
    }
    if (!context.plaintextAuthAllowed) {
      await context.reject(
        'plaintext authentication is disallowed on non-secure connections; use STLS',
        'AUTH',
      );
      return;
    }
    if (args === '') {
      await context.reject('PASS needs a password');
      return;
    }
    await context.login(username, args, 'USER');
  },
};
