import { AUTHENTICATED, type CommandHandler, bad, no } from '../session/command-handler';
import { expectEnd, tokenAtom } from '../protocol/command-tokens';
import { DeflateStream } from '../session/deflate-stream';

/**
 * COMPRESS DEFLATE (RFC 4978). Both directions are compressed from the byte after the
 * tagged OK's CRLF (server) and after the COMPRESS command's CRLF (client). So anything the
 * client pipelined behind COMPRESS, though the RFC forbids sending it, is treated as the
 * start of its compressed stream rather than as plaintext.
 */
export const compressCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 1);
    const mechanism = tokenAtom(input.args[0], 'compression mechanism').toUpperCase();
    if (session.compressed) return no('DEFLATE is already active', 'COMPRESSIONACTIVE');
    if (mechanism !== 'DEFLATE') return bad('Unsupported compression mechanism');
    // Pending mailbox news goes out now, uncompressed: a client may treat bytes that arrive
    // together with the OK as a framing error.
    await session.syncMailbox(true);
    await session.tagged(input.tag, { status: 'OK', text: 'DEFLATE active' });
    session.wrapSocket(
      (socket, pending) =>
        new DeflateStream(socket, {
          pending,
          onCorrupt: () => {
            session.logger.info({}, 'invalid compressed data from client');
            void session.shutdown('Invalid compressed data');
          },
        }),
    );
    session.compressed = true;
    return { status: 'OK', text: 'DEFLATE active', sent: true };
  },
};
