import type { Pop3Command, Pop3Context } from '../pop3-command';
import { splitArgs } from '../pop3-command';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const MECHANISMS = ['PLAIN'] as const;

/** RFC 4616: [authzid] NUL authcid NUL passwd. */
const decodePlain = (encoded: string): { authzid: string; authcid: string; password: string } | null => {
  if (encoded === '' || !BASE64.test(encoded)) return null;
  const parts = Buffer.from(encoded, 'base64').toString('utf8').split('\0');
  if (parts.length !== 3) return null;
  const [authzid = '', authcid = '', password = ''] = parts;
  if (authcid === '' || password === '') return null;
  return { authzid, authcid, password };
};

const plain = async (context: Pop3Context, initial: string | undefined): Promise<void> => {
  let response = initial;
  if (response === undefined) {
    const line = await context.challenge('');
    switch (line.kind) {
      case 'end':
        return;
      case 'too-long':
        await context.reject('SASL response too long', 'AUTH');
        return;
      case 'line':
        response = line.text;
    }
  }
  if (response === '*') {
    await context.err('authentication cancelled', 'AUTH');
    return;
  }
  // RFC 5034: "=" is an empty initial response.
  const decoded = decodePlain(response === '=' ? '' : response);
  if (!decoded) {
    await context.reject('malformed SASL PLAIN response', 'AUTH');
    return;
  }
  if (decoded.authzid !== '' && decoded.authzid !== decoded.authcid) {
    await context.err('acting as another user is not supported', 'AUTH');
    return;
  }
  await context.login(decoded.authcid, decoded.password, 'PLAIN');
};

export const authCommand: Pop3Command = {
  name: 'AUTH',
  states: ['AUTHORIZATION'],
  async run(context, args) {
    const parts = splitArgs(args);
    context.pendingUsername = null;
    if (parts.length === 0) {
      // Pre-RFC 5034 clients probe with a bare AUTH for the mechanism list.
      await context.multiline('SASL mechanisms follow', context.plaintextAuthAllowed ? MECHANISMS : []);
      return;
    }
    if (parts.length > 2) {
      await context.reject('AUTH takes a mechanism and an optional initial response');
      return;
    }
    if (!context.plaintextAuthAllowed) {
      await context.reject(
        'plaintext authentication is disallowed on non-secure connections; use STLS',
        'AUTH',
      );
      return;
    }
    const mechanism = (parts[0] ?? '').toUpperCase();
    if (mechanism !== 'PLAIN') {
      await context.reject('unsupported SASL mechanism', 'AUTH');
      return;
    }
    await plain(context, parts[1]);
  },
};
