import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { COMMANDS } from './commands';
import { DotStuffer, TopLimiter } from './dot-stuffing';
import { isPop3BackendError, type Pop3AuthMechanism, type Pop3Backend, type Pop3User } from './pop3-backend';
import type { Pop3Context, Pop3State } from './pop3-command';
import type { Pop3EventLogger } from './pop3-log';
import { Pop3LineReader, type Pop3Line } from './pop3-line.reader';
import { errLine, okLine, printable, type Pop3ResponseCode } from './pop3-response';
import type { Pop3Settings } from './pop3-settings';
import { Pop3Transaction } from './pop3-transaction';
import { Pop3Writer } from './pop3-writer';

const COMMAND_NAME = /^[A-Za-z]{1,8}$/;
/** Unanswered bytes are dropped after this long once the session decided to close. */
const CLOSE_GRACE_MS = 2000;
const MULTILINE_BATCH = 16 * 1024;

export interface Pop3SessionOptions<TUser extends Pop3User> {
  socket: Socket;
  /** True for implicit TLS. */
  secure: boolean;
  backend: Pop3Backend<TUser>;
  settings: Pop3Settings;
  log?: Pop3EventLogger;
}

/**
 * One POP3 connection: AUTHORIZATION, TRANSACTION, then UPDATE only after QUIT. Commands run one at a
 * time in arrival order (pipelined lines wait in the reader); nothing reaches storage before QUIT.
 */
export class Pop3Session<TUser extends Pop3User = Pop3User> implements Pop3Context {
  readonly id = randomBytes(6).toString('hex');
  readonly remoteAddress: string;
  state: Pop3State = 'AUTHORIZATION';
  secure: boolean;
  pendingUsername: string | null = null;
  transaction: Pop3Transaction | null = null;
  readonly settings: Pop3Settings;
  /** Resolves once the session has ended and released its maildrop. */
  readonly done: Promise<void>;

  private socket: Socket;
  private readonly reader: Pop3LineReader;
  private readonly writer: Pop3Writer;
  private readonly backend: Pop3Backend<TUser>;
  private readonly logEvent: Pop3EventLogger;
  private user: TUser | null = null;
  private closing = false;
  private badCommands = 0;
  private authFailures = 0;
  private lastResult: 'ok' | 'err' = 'ok';
  /** A multi-line response is partly sent: an error now can only be answered by closing. */
  private midResponse = false;
  private released = false;

  constructor(options: Pop3SessionOptions<TUser>) {
    this.socket = options.socket;
    this.secure = options.secure;
    this.backend = options.backend;
    this.settings = options.settings;
    this.logEvent = options.log ?? (() => undefined);
    this.remoteAddress = options.socket.remoteAddress ?? '';
    this.reader = new Pop3LineReader({ maxLength: this.settings.maxCommandLength });
    this.writer = new Pop3Writer(this.socket);
    this.watch(this.socket);
    this.done = this.run();
  }

  get tlsAvailable(): boolean {
    return !this.secure && this.settings.tlsContext() !== undefined;
  }

  get plaintextAuthAllowed(): boolean {
    return this.secure || this.settings.allowPlaintextAuth;
  }

  get username(): string | null {
    return this.user?.username ?? null;
  }

  async ok(text: string): Promise<void> {
    this.lastResult = 'ok';
    await this.writer.push(okLine(text));
  }

  async err(text: string, code?: Pop3ResponseCode): Promise<void> {
    this.lastResult = 'err';
    await this.writer.push(errLine(text, code));
  }

  async reject(text: string, code?: Pop3ResponseCode): Promise<void> {
    this.badCommands++;
    await this.err(text, code);
  }

  async multiline(text: string, lines: Iterable<string>): Promise<void> {
    this.midResponse = true;
    await this.ok(text);
    let batch = '';
    for (const line of lines) {
      batch += line.startsWith('.') ? `.${line}\r\n` : `${line}\r\n`;
      if (batch.length >= MULTILINE_BATCH) {
        await this.writer.push(batch);
        batch = '';
      }
    }
    await this.writer.push(`${batch}.\r\n`);
    this.midResponse = false;
  }

  async sendMessage(index: number, bodyLines: number | null): Promise<void> {
    const transaction = this.requireTransaction();
    // Answers to earlier pipelined commands go out before waiting on storage.
    await this.writer.flush();
    // Opening may fail (message gone); that is still answerable with -ERR.
    const content = await transaction.maildrop.open(index);
    const stuffer = new DotStuffer();
    const limiter = bodyLines === null ? null : new TopLimiter(bodyLines);
    this.midResponse = true;
    await this.ok(limiter ? 'top of message follows' : `${transaction.maildrop.sizeOf(index)} octets`);
    for await (const chunk of content) {
      const part = limiter ? limiter.push(chunk) : chunk;
      await this.writer.push(stuffer.push(part));
      // Leaving the loop early ends the backend's stream, so TOP never reads the rest of the message.
      if (limiter?.done) break;
    }
    if (limiter) await this.writer.push(stuffer.push(limiter.end()));
    await this.writer.push(stuffer.terminator());
    this.midResponse = false;
    if (!limiter) transaction.markRetrieved(index);
  }

  async login(username: string, password: string, mechanism: Pop3AuthMechanism): Promise<void> {
    await this.writer.flush();
    const result = await this.backend.authenticate({
      username,
      password,
      mechanism,
      remoteAddress: this.remoteAddress,
      secure: this.secure,
    });
    if (!result.ok) {
      this.authFailures++;
      this.log('auth', { result: 'err', detail: result.reason, user: username });
      switch (result.reason) {
        case 'invalid':
        case 'disabled':
          await this.err('authentication failed', 'AUTH');
          break;
        case 'rate-limited':
          // SYS/TEMP, not AUTH: the credentials were not judged, so the client should not discard them.
          await this.err('too many failed logins, try again later', 'SYS/TEMP');
          break;
        case 'unavailable':
          await this.err('authentication is temporarily unavailable', 'SYS/TEMP');
          break;
      }
      if (this.authFailures >= this.settings.maxAuthFailures)
        await this.close('-ERR too many failed logins\r\n');
      return;
    }
    const opened = await this.backend.openMaildrop(result.user, {
      sessionId: this.id,
      remoteAddress: this.remoteAddress,
      secure: this.secure,
    });
    if (!opened.ok) {
      switch (opened.reason) {
        case 'in-use':
          await this.err('maildrop is locked by another session', 'IN-USE');
          break;
        case 'unavailable':
          await this.err('maildrop is temporarily unavailable', 'SYS/TEMP');
          break;
      }
      return;
    }
    this.user = result.user;
    this.transaction = new Pop3Transaction(opened.maildrop);
    this.state = 'TRANSACTION';
    this.log('login', { result: 'ok', detail: mechanism });
    const { count, size } = this.transaction.stat;
    await this.ok(`maildrop has ${count} message${count === 1 ? '' : 's'} (${size} octets)`);
  }

  async challenge(text: string): Promise<Pop3Line> {
    await this.writer.push(`+ ${text}\r\n`);
    await this.writer.flush();
    this.reader.maxLength = this.settings.maxAuthResponseLength;
    try {
      return await this.reader.next();
    } finally {
      this.reader.maxLength = this.settings.maxCommandLength;
    }
  }

  async startTls(): Promise<void> {
    const context = this.settings.tlsContext();
    if (!context) throw new Error('STLS without TLS credentials');
    await this.writer.flush();
    // Synchronously from here until the TLS socket exists: plaintext that was pipelined behind STLS
    // is dropped, and the client's handshake cannot arrive before the TLS layer reads the socket.
    this.reader.detach();
    const plain = this.socket;
    plain.write(okLine('begin TLS negotiation'));
    plain.setTimeout(0);
    const secure = new TLSSocket(plain, { isServer: true, secureContext: context });
    this.socket = secure;
    this.watch(secure);
    await new Promise<void>((resolve, reject) => {
      const onSecure = (): void => {
        secure.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        secure.off('secure', onSecure);
        reject(new Error('connection closed during TLS negotiation'));
      };
      secure.once('secure', onSecure);
      secure.once('close', onClose);
    });
    this.secure = true;
    this.pendingUsername = null;
    this.writer.retarget(secure);
    this.reader.attach(secure);
    this.log('stls', { result: 'ok' });
  }

  async quit(): Promise<void> {
    const transaction = this.transaction;
    if (this.state !== 'TRANSACTION' || !transaction) {
      await this.ok('bye');
      await this.close();
      return;
    }
    this.state = 'UPDATE';
    // The client sent QUIT: the update happens even if it no longer reads the answers.
    await this.writer.flush().catch(() => undefined);
    const started = Date.now();
    try {
      await transaction.maildrop.commit(transaction.pendingUpdate());
      const { count } = transaction.stat;
      this.log('update', { result: 'ok', durationMs: Date.now() - started });
      await this.ok(`bye (${count} message${count === 1 ? '' : 's'} left)`);
    } catch (error) {
      this.log('update', { result: 'err', durationMs: Date.now() - started, error });
      await this.err('some deleted messages not removed', 'SYS/TEMP');
    }
    await this.release();
    await this.close();
  }

  /** Server shutdown: a session in UPDATE finishes its commit; any other ends without applying changes. */
  async shutdown(): Promise<void> {
    if (this.state !== 'UPDATE') await this.close('-ERR [SYS/TEMP] server shutting down\r\n');
    await this.done;
  }

  /** Drops the connection at once, whatever the state; the session then ends without further output. */
  abort(): void {
    this.closing = true;
    this.socket.destroy();
  }

  private async run(): Promise<void> {
    try {
      this.reader.attach(this.socket);
      this.log('connect', { detail: this.secure ? 'tls' : 'plain' });
      await this.ok(`${this.settings.hostname} ${this.settings.implementation} POP3 server ready`);
      await this.writer.flush();
      while (!this.closing) {
        const line = await this.reader.next();
        if (line.kind === 'end') break;
        if (line.kind === 'too-long') await this.reject('line too long');
        else await this.dispatch(line.text);
        if (this.closing) break;
        if (this.badCommands >= this.settings.maxBadCommands) {
          await this.close('-ERR too many bad commands\r\n');
          break;
        }
        if (!this.reader.hasQueued) await this.writer.flush();
      }
    } catch (error) {
      if (!this.writer.isClosed) this.log('error', { error });
    } finally {
      const graceful = this.closing;
      this.closing = true;
      this.reader.detach();
      // A graceful close already ended the socket; reading on lets the client's FIN finish it.
      if (graceful && !this.socket.destroyed) this.socket.resume();
      else this.socket.destroy();
      await this.release();
      this.log('close', {});
    }
  }

  private async dispatch(text: string): Promise<void> {
    const space = text.indexOf(' ');
    const name = (space === -1 ? text : text.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : text.slice(space + 1);
    const command = COMMAND_NAME.test(name) ? COMMANDS.get(name) : undefined;
    if (!command) {
      await this.reject(`unknown command ${printable(name, 16)}`);
      return;
    }
    if (!command.states.includes(this.state)) {
      await this.reject(`${command.name} is not valid in this state`);
      return;
    }
    const started = Date.now();
    try {
      await command.run(this, args);
    } catch (error) {
      await this.handleFailure(error);
    }
    this.log('command', { command: command.name, result: this.lastResult, durationMs: Date.now() - started });
  }

  private async handleFailure(error: unknown): Promise<void> {
    if (this.writer.isClosed) throw error;
    if (this.midResponse) {
      // Part of a message went out already; only closing tells the client it is incomplete.
      this.log('error', { error });
      this.socket.destroy();
      throw error;
    }
    if (!isPop3BackendError(error)) {
      this.log('error', { error });
      await this.err('internal server error', 'SYS/TEMP');
      return;
    }
    switch (error.code) {
      case 'MESSAGE_GONE':
        await this.err('message was removed by another client');
        return;
      case 'LOCK_LOST':
        await this.close('-ERR [SYS/TEMP] lost exclusive access to the maildrop\r\n');
        return;
      case 'TEMPORARY':
        await this.err('temporary failure, try again later', 'SYS/TEMP');
        return;
    }
  }

  private requireTransaction(): Pop3Transaction {
    if (!this.transaction) throw new Error('no transaction');
    return this.transaction;
  }

  /** Ends the session after sending what is pending (plus a last line); never applies changes. */
  private async close(lastLine?: string): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.midResponse) {
      // A line now would land inside a message; cutting the connection is the only honest signal.
      this.socket.destroy();
      return;
    }
    if (lastLine) await this.writer.push(lastLine).catch(() => undefined);
    await this.writer.flush().catch(() => undefined);
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  private async release(): Promise<void> {
    if (this.released || !this.transaction) return;
    this.released = true;
    try {
      await this.transaction.maildrop.release();
    } catch (error) {
      this.log('error', { error, detail: 'release failed' });
    }
  }

  private watch(socket: Socket): void {
    socket.on('error', (error) => this.log('socket-error', { detail: error.message }));
    socket.setTimeout(this.settings.idleTimeoutMs);
    socket.on('timeout', () => {
      if (this.state === 'UPDATE') return;
      this.log('timeout', {});
      void this.close('-ERR [SYS/TEMP] autologout: idle for too long\r\n');
      // The socket may be blocked on a client that stopped reading: do not wait for it.
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
    });
  }

  private log(
    event: string,
    fields: {
      command?: string;
      result?: 'ok' | 'err';
      durationMs?: number;
      detail?: string;
      error?: unknown;
      user?: string;
    },
  ): void {
    this.logEvent({
      event,
      sessionId: this.id,
      remoteAddress: this.remoteAddress,
      user: fields.user ?? this.username,
      ...(fields.command !== undefined ? { command: fields.command } : {}),
      ...(fields.result !== undefined ? { result: fields.result } : {}),
      ...(fields.durationMs !== undefined ? { durationMs: fields.durationMs } : {}),
      ...(fields.detail !== undefined ? { detail: fields.detail } : {}),
      ...(fields.error !== undefined ? { error: fields.error } : {}),
    });
  }
}
