import { type Server, type Socket, createServer } from 'node:net';
import type { TLSSocket } from 'node:tls';

import { type ImapServerOptions, type ResolvedImapOptions, resolveOptions } from './imap-server-options';
import { ImapSession } from './session/imap-session';

/** The IMAP listener: hand it sockets (`handle`) or let it listen on a port. */
export class ImapServer {
  private readonly options: ResolvedImapOptions;
  private readonly sessions = new Set<ImapSession>();
  private server: Server | null = null;
  private closing = false;

  constructor(options: ImapServerOptions) {
    this.options = resolveOptions(options);
  }

  /** Serves one connection; implicit TLS = an already-wrapped socket with `secure: true`. */
  handle(socket: Socket | TLSSocket, options: { secure: boolean }): void {
    if (this.closing) {
      socket.end('* BYE Server shutting down\r\n');
      return;
    }
    socket.setNoDelay(true);
    const session = new ImapSession(socket, this.options, options.secure, (s) => this.sessions.delete(s));
    this.sessions.add(session);
    void session.run();
  }

  /** Convenience: a plain TCP listener (STARTTLS when a secureContext was given). */
  listen(port: number, host = '127.0.0.1'): Promise<{ port: number }> {
    const server = createServer((socket) => this.handle(socket, { secure: false }));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const addr = server.address();
        resolve({ port: typeof addr === 'object' && addr ? addr.port : port });
      });
    });
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  /** Stops accepting, says BYE to every session and waits for the listener to close. */
  async close(): Promise<void> {
    this.closing = true;
    const server = this.server;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    await Promise.all([...this.sessions].map((s) => s.shutdown('Server shutting down')));
    await closed;
  }
}
