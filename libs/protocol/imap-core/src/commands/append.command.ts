import { encodeNulBinaryParts } from '@eider/mime';

import { AUTHENTICATED, type CommandHandler, ok } from '../session/command-handler';
import { ImapSyntaxError, bytesToText } from '../protocol/command-tokens';
import { parseDateTime } from '../protocol/response-encoding';
import { parseFlagList } from './flags';

/**
 * APPEND mailbox [flags] [date-time] literal. The quota/size pre-check already ran in the
 * literal policy before the literal was read (`session.pendingAppend`).
 */
export const appendCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    const args = input.args;
    if (args.length < 2 || args.length > 5) throw new ImapSyntaxError('Invalid APPEND arguments');
    const path = session.decodeMailbox(args[0]);
    let message = args[args.length - 1];
    let options = args.slice(1, -1);
    // RFC 6855: `UTF8 (~{n}...)` wraps the message once UTF8=ACCEPT is enabled.
    const wrapper = args[args.length - 2];
    if (message?.type === 'list' && wrapper?.type === 'atom' && wrapper.value.toUpperCase() === 'UTF8') {
      if (!session.utf8 || message.items.length !== 1) throw new ImapSyntaxError('Invalid UTF8 APPEND');
      message = message.items[0];
      options = args.slice(1, -2);
    }
    if (message?.type !== 'string' || !message.literal)
      throw new ImapSyntaxError('Message must be a literal');
    // An ordinary literal is CHAR8, which excludes NUL; binary content needs literal8 (RFC 3516).
    if (!message.binary && message.value.includes(0)) throw new ImapSyntaxError('NUL needs a literal8');
    let flags: string[] = [];
    let internalDate: Date | null = null;
    for (const opt of options) {
      if (opt.type === 'list') flags = parseFlagList(opt);
      else if (opt.type === 'string' && !opt.literal) {
        internalDate = parseDateTime(bytesToText(opt.value));
        if (internalDate === null) throw new ImapSyntaxError('Invalid date-time');
      } else throw new ImapSyntaxError('Invalid APPEND argument');
    }
    const pending = session.pendingAppend;
    const mailboxId =
      pending && pending.path === path
        ? pending.mailboxId
        : (await session.backend.appendCheck(session.ctx, { path, size: message.value.length })).mailboxId;
    const result = await session.backend.append(session.ctx, {
      mailboxId,
      flags,
      internalDate,
      // NUL-bearing parts are stored base64-encoded, so BODY[] can return them in an ordinary literal.
      content: message.binary ? encodeNulBinaryParts(message.value) : message.value,
    });
    return ok('APPEND completed', `APPENDUID ${result.uidValidity} ${result.uid}`);
  },
};
