import type { ImapAuthFailure, ImapAuthMechanism } from '../imap-backend';
import {
  type CommandHandler,
  type CommandResult,
  NOT_AUTHENTICATED,
  no,
  ok,
} from '../session/command-handler';
import { expectEnd, tokenText } from '../protocol/command-tokens';
import type { ImapSession } from '../session/imap-session';

function failure(reason: ImapAuthFailure): CommandResult {
  switch (reason) {
    case 'invalid':
      return no('Invalid credentials', 'AUTHENTICATIONFAILED');
    case 'rate-limited':
      return no('Too many attempts, try again later', 'UNAVAILABLE');
    case 'disabled':
      return no('Account disabled', 'AUTHORIZATIONFAILED');
    case 'unavailable':
      return no('Authentication temporarily unavailable', 'UNAVAILABLE');
  }
}

/** Shared by LOGIN and AUTHENTICATE; the password never reaches a log line. */
export async function completeLogin(
  session: ImapSession,
  username: string,
  password: string,
  mechanism: ImapAuthMechanism,
  authzid = '',
): Promise<CommandResult> {
  let result;
  try {
    result = await session.backend.authenticate({
      sessionId: session.id,
      username,
      password,
      mechanism,
      authzid,
      remoteAddress: session.remote,
      secure: session.secure,
    });
  } catch (error) {
    session.logger.error(
      { err: error instanceof Error ? error.name : 'unknown' },
      'authenticate hook failed',
    );
    return no('Authentication temporarily unavailable', 'UNAVAILABLE');
  }
  if (!result.ok) {
    session.logger.info(
      { username: username.slice(0, 100), mechanism, reason: result.reason },
      'login failed',
    );
    return failure(result.reason);
  }
  session.setUser(result.user);
  session.logger.info({ mechanism }, 'logged in');
  return ok('Logged in', `CAPABILITY ${session.capabilities().join(' ')}`);
}

export const loginCommand: CommandHandler = {
  states: NOT_AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 2);
    const username = tokenText(input.args[0], 'user name');
    const password = tokenText(input.args[1], 'password');
    if (!session.canAuthenticate) return no('Use STARTTLS first', 'PRIVACYREQUIRED');
    return completeLogin(session, username, password, 'LOGIN');
  },
};
