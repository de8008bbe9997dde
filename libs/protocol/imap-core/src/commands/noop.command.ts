import { ANY_STATE, type CommandHandler, ok } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

/** NOOP and CHECK: the session loop reports pending mailbox changes after every command. */
export const noopCommand: CommandHandler = {
  states: ANY_STATE,
  run(_session, input) {
    expectEnd(input.args, 0);
    return Promise.resolve(ok(`${input.name} completed`));
  },
};
