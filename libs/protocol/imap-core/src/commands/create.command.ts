import { SPECIAL_USES, type SpecialUse } from '../imap-backend';
import { AUTHENTICATED, type CommandHandler, no, ok } from '../session/command-handler';
import { ImapSyntaxError, tokenAtom, tokenList } from '../protocol/command-tokens';

function parseUse(items: ReturnType<typeof tokenList>): SpecialUse[] {
  const uses: SpecialUse[] = [];
  for (const item of items) {
    const name = tokenAtom(item, 'special use').toLowerCase();
    const use = SPECIAL_USES.find((u) => u.toLowerCase() === name);
    if (!use) throw new UnknownUse();
    uses.push(use);
  }
  return uses;
}

class UnknownUse extends Error {}

/** CREATE with CREATE-SPECIAL-USE `(USE (\Sent))`. */
export const createCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    if (input.args.length < 1 || input.args.length > 2) throw new ImapSyntaxError('Invalid CREATE arguments');
    let path = session.decodeMailbox(input.args[0]);
    // A trailing delimiter only says the client intends children.
    path = path.replace(/\/+$/, '');
    if (path === '' || path.split('/').some((p) => p === '')) return no('Invalid mailbox name', 'CANNOT');
    if (path === 'INBOX') return no('INBOX already exists', 'ALREADYEXISTS');
    let specialUse: SpecialUse[] = [];
    if (input.args[1] !== undefined) {
      const opts = tokenList(input.args[1], 'create options');
      if (opts.length !== 2 || tokenAtom(opts[0]).toUpperCase() !== 'USE')
        throw new ImapSyntaxError('Invalid CREATE options');
      try {
        specialUse = parseUse(tokenList(opts[1], 'USE list'));
      } catch (error) {
        if (error instanceof UnknownUse) return no('Unsupported special use', 'USEATTR');
        throw error;
      }
    }
    const created = await session.backend.createMailbox(session.ctx, path, { specialUse });
    return ok('CREATE completed', `MAILBOXID (${created.id})`);
  },
};
