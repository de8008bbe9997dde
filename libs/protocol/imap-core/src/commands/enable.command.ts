import { AUTHENTICATED, type CommandHandler, ok } from '../session/command-handler';
import { ImapSyntaxError, tokenAtom } from '../protocol/command-tokens';
import type { EnabledExtension } from '../session/imap-session';

const SUPPORTED: Record<string, EnabledExtension> = { IMAP4REV2: 'IMAP4REV2', 'UTF8=ACCEPT': 'UTF8=ACCEPT' };

/** ENABLE: IMAP4rev2 and UTF8=ACCEPT; CONDSTORE/QRESYNC are added here in part 2. */
export const enableCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    if (input.args.length === 0) throw new ImapSyntaxError('Missing capability');
    const newly: string[] = [];
    for (const arg of input.args) {
      const name = tokenAtom(arg, 'capability').toUpperCase();
      const ext = SUPPORTED[name];
      if (ext && !session.enabled.has(ext)) {
        session.enabled.add(ext);
        newly.push(ext === 'IMAP4REV2' ? 'IMAP4rev2' : ext);
      }
    }
    await session.untagged(`ENABLED${newly.map((n) => ` ${n}`).join('')}`);
    return ok('ENABLE completed');
  },
};
