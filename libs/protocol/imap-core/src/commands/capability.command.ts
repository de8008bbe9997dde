import { ANY_STATE, type CommandHandler, ok } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

export const capabilityCommand: CommandHandler = {
  states: ANY_STATE,
  async run(session, input) {
    expectEnd(input.args, 0);
    await session.untagged(`CAPABILITY ${session.capabilities().join(' ')}`);
    return ok('CAPABILITY completed');
  },
};
