import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Pop3Backend, Pop3User } from './pop3-backend';
import type { Pop3EventLogger } from './pop3-log';
import { Pop3Session } from './pop3-session';
import { DEFAULT_POP3_SETTINGS, type Pop3Settings } from './pop3-settings';

export interface Pop3ServerOptions<TUser extends Pop3User = Pop3User> extends Partial<Pop3Settings> {
  backend: Pop3Backend<TUser>;
  log?: Pop3EventLogger;
  /** TLS handshake deadline on the implicit TLS port. */
  handshakeTimeoutMs?: number;
  /** How long `close` waits for sessions still applying QUIT (UPDATE) before cutting them off. */
  shutdownGraceMs?: number;
}

export interface Pop3ListenOptions {
  port: number;
  host?: string;
  /** Implicit TLS (a 995-style port): the handshake happens before the greeting. */
  implicitTls?: SecureContext;
}

/**
 * Listeners and live sessions. The same server may listen on a plaintext port (with STLS) and an
 * implicit TLS port; `close` stops both and ends every session without applying its changes.
 */
export class Pop3Server<TUser extends Pop3User = Pop3User> {
  readonly settings: Pop3Settings;
  private readonly listeners = new Set<Server>();
  private readonly sessions = new Set<Pop3Session<TUser>>();
  private readonly backend: Pop3Backend<TUser>;
  private readonly log: Pop3EventLogger;
  private readonly handshakeTimeoutMs: number;
  private readonly shutdownGraceMs: number;
  private closed = false;

  constructor(options: Pop3ServerOptions<TUser>) {
    const { backend, log, handshakeTimeoutMs, shutdownGraceMs, ...settings } = options;
    this.settings = { ...DEFAULT_POP3_SETTINGS, ...stripUndefined(settings) };
    this.backend = backend;
    this.log = log ?? (() => undefined);
    this.handshakeTimeoutMs = handshakeTimeoutMs ?? 30_000;
    this.shutdownGraceMs = shutdownGraceMs ?? 10_000;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async listen(options: Pop3ListenOptions): Promise<AddressInfo> {
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket, options.implicitTls));
    server.on('error', (error) =>
      this.log({ event: 'listener-error', sessionId: '-', remoteAddress: '', user: null, error }),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.listeners.add(server);
    return server.address() as AddressInfo;
  }

  /** Runs a session on a socket accepted elsewhere (already TLS when `secure`). */
  handle(socket: Socket, secure: boolean): Pop3Session<TUser> {
    const session = new Pop3Session<TUser>({
      socket,
      secure,
      backend: this.backend,
      settings: this.settings,
      log: this.log,
    });
    this.sessions.add(session);
    void session.done.finally(() => this.sessions.delete(session));
    return session;
  }

  async close(): Promise<void> {
    this.closed = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    const stopped = listeners.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    const sessions = [...this.sessions];
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.shutdownGraceMs);
    });
    await Promise.race([Promise.all(sessions.map((session) => session.shutdown())), graceOver]);
    clearTimeout(timer);
    // A commit that outlasts the grace period is cut off like a crash would cut it: the store's write
    // order keeps every message whole, some changes may just not be applied.
    for (const session of this.sessions) session.abort();
    await Promise.all(stopped);
  }

  private accept(socket: Socket, implicitTls: SecureContext | undefined): void {
    socket.on('error', () => undefined);
    if (this.closed) {
      socket.destroy();
      return;
    }
    if (!implicitTls) {
      this.handle(socket, false);
      return;
    }
    const secure = new TLSSocket(socket, { isServer: true, secureContext: implicitTls });
    secure.on('error', () => secure.destroy());
    const timer = setTimeout(() => secure.destroy(), this.handshakeTimeoutMs);
    timer.unref();
    secure.once('secure', () => {
      clearTimeout(timer);
      if (this.closed) secure.destroy();
      else this.handle(secure, true);
    });
    secure.once('close', () => clearTimeout(timer));
  }
}

const stripUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
