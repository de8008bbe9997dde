import { ANY_STATE, type CommandHandler, ok } from '../session/command-handler';
import { ImapSyntaxError, isNil, tokenText } from '../protocol/command-tokens';

/** ID (RFC 2971): the client's fields go to the log only. */
export const idCommand: CommandHandler = {
  states: ANY_STATE,
  async run(session, input) {
    const arg = input.args[0];
    if (arg === undefined || input.args.length > 1) throw new ImapSyntaxError('ID expects one argument');
    if (arg.type === 'list') {
      const items = arg.items;
      if (items.length % 2 !== 0 || items.length > 60) throw new ImapSyntaxError('Invalid ID list');
      const fields: Record<string, string | null> = {};
      for (let i = 0; i < items.length; i += 2) {
        const key = tokenText(items[i], 'ID field').slice(0, 30).toLowerCase();
        const value = items[i + 1];
        fields[key] = isNil(value) ? null : tokenText(value, 'ID value').slice(0, 1024);
      }
      session.logger.info({ clientId: fields }, 'client id');
    } else if (!isNil(arg)) {
      throw new ImapSyntaxError('Invalid ID argument');
    }
    await session.untagged('ID ("name" "Eider")');
    return ok('ID completed');
  },
};
