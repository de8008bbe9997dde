import { type CommandHandler, NOT_AUTHENTICATED, bad, no } from '../session/command-handler';
import { ImapSyntaxError, expectEnd, tokenAtom } from '../protocol/command-tokens';
import type { ImapSession } from '../session/imap-session';
import { completeLogin } from './login.command';

class AuthCancelled extends Error {}

function decodeBase64(text: string): Buffer {
  if (text === '=') return Buffer.alloc(0);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
    throw new ImapSyntaxError('Invalid base64');
  return Buffer.from(text, 'base64');
}

/** Sends a challenge and reads the client's base64 answer; `*` cancels. */
async function challenge(session: ImapSession, prompt: string): Promise<Buffer> {
  await session.continuation(Buffer.from(prompt).toString('base64'));
  const line = (await session.readClientLine()).trim();
  if (line === '*') throw new AuthCancelled();
  return decodeBase64(line);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(buf: Buffer): string {
  try {
    return utf8.decode(buf);
  } catch {
    throw new ImapSyntaxError('Invalid UTF-8 in credentials');
  }
}

/** AUTHENTICATE PLAIN / LOGIN with SASL-IR initial responses. */
export const authenticateCommand: CommandHandler = {
  states: NOT_AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 2);
    const mechanism = tokenAtom(input.args[0], 'mechanism').toUpperCase();
    const initial = input.args[1] === undefined ? null : tokenAtom(input.args[1], 'initial response');
    if (mechanism !== 'PLAIN' && mechanism !== 'LOGIN') return no('Unsupported mechanism', 'CANNOT');
    if (!session.canAuthenticate) return no('Use STARTTLS first', 'PRIVACYREQUIRED');
    try {
      if (mechanism === 'PLAIN') {
        const raw = initial !== null ? decodeBase64(initial) : await challenge(session, '');
        const parts = text(raw).split('\u0000');
        if (parts.length !== 3) return bad('Malformed PLAIN response');
        const [authzid, username, password] = parts as [string, string, string];
        if (authzid !== '' && authzid !== username)
          return no('Authorization identity not allowed', 'AUTHORIZATIONFAILED');
        return await completeLogin(session, username, password, 'PLAIN', authzid);
      }
      const username = text(initial !== null ? decodeBase64(initial) : await challenge(session, 'Username:'));
      const password = text(await challenge(session, 'Password:'));
      return await completeLogin(session, username, password, 'AUTH=LOGIN');
    } catch (error) {
      if (error instanceof AuthCancelled) return bad('Authentication cancelled');
      throw error;
    }
  },
};
