import type { Pop3Command, Pop3Context } from '../pop3-command';

/** RFC 2449 capabilities; USER, SASL and STLS depend on the connection. */
export const capabilities = (context: Pop3Context): string[] => {
  const { settings } = context;
  const list = ['TOP', 'UIDL'];
  // Hidden, like the mechanisms, until the connection allows plaintext passwords.
  if (context.plaintextAuthAllowed) list.push('USER', 'SASL PLAIN');
  list.push(
    'RESP-CODES',
    'AUTH-RESP-CODE',
    'PIPELINING',
    `EXPIRE ${settings.expire}`,
    `LOGIN-DELAY ${settings.loginDelaySeconds}`,
    `IMPLEMENTATION ${settings.implementation}`,
  );
  if (context.state === 'AUTHORIZATION' && context.tlsAvailable) list.push('STLS');
  return list;
};

export const capaCommand: Pop3Command = {
  name: 'CAPA',
  states: ['AUTHORIZATION', 'TRANSACTION'],
  async run(context, args) {
    if (args.trim() !== '') {
      await context.reject('CAPA takes no arguments');
      return;
    }
    await context.multiline('capability list follows', capabilities(context));
  },
};
