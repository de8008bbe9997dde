import { AUTHENTICATED, type CommandHandler, ok } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

/** One personal namespace with the `/` delimiter; no other-users or shared namespaces. */
export const namespaceCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 0);
    await session.untagged('NAMESPACE (("" "/")) NIL NIL');
    return ok('NAMESPACE completed');
  },
};
