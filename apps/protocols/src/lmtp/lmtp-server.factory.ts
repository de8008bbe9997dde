import { SMTPServer } from 'smtp-server';
import type { LmtpHandlers } from './lmtp-handlers';

export interface LmtpServerOptions {
  /** Greeting and Received name. */
  name: string;
  maxMessageSize: number;
  /** STARTTLS is offered only with a key pair. */
  tls?: { key: Buffer; cert: Buffer } | undefined;
  socketTimeoutMs?: number;
}

/** smtp-server in LMTP mode, wired to the handlers. Not yet listening. */
export const createLmtpServer = (handlers: LmtpHandlers, options: LmtpServerOptions): SMTPServer =>
  new SMTPServer({
    lmtp: true,
    name: options.name,
    banner: 'Eider LMTP',
    // Advertised as SIZE; oversized messages get our own 552 5.3.4 per recipient.
    size: options.maxMessageSize,
    rejectOversized: false,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: !options.tls,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    // Per-recipient replies carry their own enhanced codes (5.1.1, 5.2.1, 4.2.2...), which smtp-server
    // would otherwise derive from the reply code alone (550 is always 5.1.1 there).
    hideENHANCEDSTATUSCODES: true,
    hideDSN: true,
    disableReverseLookup: true,
    logger: false,
    socketTimeout: options.socketTimeoutMs ?? 5 * 60_000,
    closeTimeout: 2_000,
    onConnect: (session, callback) => handlers.onConnect(session, callback),
    onClose: (session) => handlers.onClose(session),
    onMailFrom: (address, session, callback) => handlers.onMailFrom(address, session, callback),
    onRcptTo: (address, session, callback) => handlers.onRcptTo(address, session, callback),
    onData: (stream, session, callback) => handlers.onData(stream, session, callback),
  });
