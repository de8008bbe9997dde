import { AUTHENTICATED, type CommandHandler, ok } from '../session/command-handler';
import { ImapSyntaxError, tokenAtom } from '../protocol/command-tokens';
import type { EnabledExtension } from '../session/imap-session';

const SUPPORTED: Record<string, EnabledExtension> = {
  IMAP4REV2: 'IMAP4REV2',
  'UTF8=ACCEPT': 'UTF8=ACCEPT',
  CONDSTORE: 'CONDSTORE',
  QRESYNC: 'QRESYNC',
};

/** ENABLE: IMAP4rev2, UTF8=ACCEPT, CONDSTORE and QRESYNC (which brings CONDSTORE with it, RFC 7162 3.2.3). */
export const enableCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    if (input.args.length === 0) throw new ImapSyntaxError('Missing capability');
    const newly: string[] = [];
    const hadCondstore = session.condstore;
    for (const arg of input.args) {
      const name = tokenAtom(arg, 'capability').toUpperCase();
      const ext = SUPPORTED[name];
      if (ext && !session.enabled.has(ext)) {
        session.enabled.add(ext);
        newly.push(ext === 'IMAP4REV2' ? 'IMAP4rev2' : ext);
      }
    }
    const wantsCondstore = session.condstore || session.qresync;
    // Held back so that startCondstore announces HIGHESTMODSEQ after the ENABLED line, not before.
    session.enabled.delete('CONDSTORE');
    await session.untagged(`ENABLED${newly.map((n) => ` ${n}`).join('')}`);
    if (hadCondstore) session.enableCondstore();
    else if (wantsCondstore) await session.startCondstore();
    return ok('ENABLE completed');
  },
};
