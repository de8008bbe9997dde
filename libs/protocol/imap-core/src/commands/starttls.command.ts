import { type CommandHandler, NOT_AUTHENTICATED, bad, ok } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

/**
 * STARTTLS: the tagged OK is sent first, then the handshake; plaintext the client pipelined
 * after the command is discarded (it could have been injected by an attacker).
 */
export const starttlsCommand: CommandHandler = {
  states: NOT_AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 0);
    // TLS must sit below compression (RFC 4978 section 6); it cannot be added on top.
    if (session.compressed) return bad('STARTTLS not allowed after COMPRESS');
    if (session.secure) return bad('Already using TLS');
    if (!session.options.secureContext) return bad('STARTTLS not available');
    await session.tagged(input.tag, ok('Begin TLS negotiation now'));
    try {
      await session.startTls();
    } catch {
      await session.shutdown('TLS negotiation failed');
      return bad('TLS negotiation failed');
    }
    return { status: 'OK', text: 'STARTTLS completed', sent: true };
  },
};
