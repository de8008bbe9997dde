import type { Pop3Command } from '../pop3-command';

export const stlsCommand: Pop3Command = {
  name: 'STLS',
  states: ['AUTHORIZATION'],
  async run(context, args) {
    if (args.trim() !== '') {
      await context.reject('STLS takes no arguments');
      return;
    }
    if (context.secure) {
      await context.reject('the connection is already secure');
      return;
    }
    if (!context.tlsAvailable) {
      await context.err('TLS is not available', 'SYS/PERM');
      return;
    }
    await context.startTls();
  },
};
