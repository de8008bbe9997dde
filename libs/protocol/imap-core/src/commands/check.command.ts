import { type CommandHandler, ok, SELECTED } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

/** CHECK (rev1 only; rev2 removed it): nothing to flush in this store, changes are reported by the loop. */
export const checkCommand: CommandHandler = {
  states: SELECTED,
  run(_session, input) {
    expectEnd(input.args, 0);
    return Promise.resolve(ok('CHECK completed'));
  },
};
