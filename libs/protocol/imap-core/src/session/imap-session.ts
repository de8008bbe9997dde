import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';

import { commandHandlers } from '../commands/command-registry';
import { type ImapHookContext, type ImapUser, isImapHookError } from '../imap-backend';
import type { ImapLogger, ResolvedImapOptions } from '../imap-server-options';
import { parseCommand } from '../protocol/command-parser';
import { type LiteralDecision, type LiteralRequest, readCommand } from '../protocol/command-reader';
import { ImapSyntaxError, type ParsedCommand, tokenAtom } from '../protocol/command-tokens';
import { InputBuffer, InputClosedError, LineTooLongError } from '../protocol/input-buffer';
import { ResponseWriter } from '../protocol/response-writer';
import { decideLiteral, type PendingAppend } from './literal-policy';
import type { MailboxView } from './mailbox-view';
import { applyMailboxChanges } from './mailbox-sync';
import type { MailboxNotifier } from './mailbox-notifier';
import { type CommandInput, type CommandResult, type SessionState } from './command-handler';
import { encodeMailboxName, decodeMailboxName } from './mailbox-names';
import type { ImapToken } from '../protocol/command-tokens';

export type EnabledExtension = 'IMAP4REV2' | 'UTF8=ACCEPT' | 'CONDSTORE' | 'QRESYNC';

/**
 * One client connection: reads commands one at a time (pipelined bytes wait in the bounded
 * input buffer), dispatches to `commands/`, and owns the state machine and the selected
 * mailbox view.
 */
export class ImapSession {
  readonly id = randomBytes(6).toString('base64url');
  state: SessionState = 'not-authenticated';
  user: ImapUser | null = null;
  view: MailboxView | null = null;
  readonly enabled = new Set<EnabledExtension>();
  secure: boolean;
  logger: ImapLogger;
  /** UID -> modseq of flag changes this session already reported itself. */
  readonly ownFlagChanges = new Map<number, number>();
  /** Expunges learnt while EXPUNGE responses were forbidden. */
  readonly deferredExpunges = new Set<number>();
  pendingAppend: PendingAppend | null = null;
  /** COMPRESS=DEFLATE is on (RFC 4978); it cannot be turned off or stacked. */
  compressed = false;
  /** NOTIFY (RFC 5465) is set; null after NOTIFY NONE or before any NOTIFY. */
  private notifications: MailboxNotifier | null = null;
  private readonly input: InputBuffer;
  readonly writer: ResponseWriter;
  private socket: Duplex;
  private badCommands = 0;
  private timer: NodeJS.Timeout | null = null;
  private finished = false;
  /** A command is running whose output must not be interrupted by BYE. */
  private busy = false;
  /** Set by commands that may be cut short safely (IDLE). */
  interruptible = false;
  private pendingBye: string | null = null;
  private readonly remoteAddress: string;

  constructor(
    socket: Duplex & { remoteAddress?: string | undefined },
    readonly options: ResolvedImapOptions,
    secure: boolean,
    private readonly onEnd: (session: ImapSession) => void,
  ) {
    this.socket = socket;
    this.secure = secure;
    this.remoteAddress = socket.remoteAddress ?? '';
    this.logger = options.logger.child({ sessionId: this.id, remoteAddress: this.remoteAddress });
    this.input = new InputBuffer();
    this.input.attach(socket);
    this.writer = new ResponseWriter(socket);
    socket.on('error', (error: Error) => this.logger.debug({ err: error.message }, 'socket error'));
  }

  get backend(): ResolvedImapOptions['backend'] {
    return this.options.backend;
  }
  get utf8(): boolean {
    return this.enabled.has('UTF8=ACCEPT');
  }
  get rev2(): boolean {
    return this.enabled.has('IMAP4REV2');
  }
  /** RFC 7162: on once ENABLEd or after any CONDSTORE-enabling command; every FETCH then carries MODSEQ. */
  get condstore(): boolean {
    return this.enabled.has('CONDSTORE');
  }
  /** RFC 7162: VANISHED replaces EXPUNGE, and SELECT accepts QRESYNC parameters. */
  get qresync(): boolean {
    return this.enabled.has('QRESYNC');
  }
  /** SELECT (CONDSTORE): enabled before the mailbox opens, whose responses carry HIGHESTMODSEQ anyway. */
  enableCondstore(): void {
    this.enabled.add('CONDSTORE');
  }

  /**
   * A CONDSTORE-enabling command (FETCH MODSEQ, SEARCH MODSEQ, STORE UNCHANGEDSINCE, ...) ran. With a
   * mailbox selected, the first one tells the client the mailbox's HIGHESTMODSEQ (RFC 7162 3.1).
   */
  async startCondstore(): Promise<void> {
    if (this.condstore) return;
    this.enabled.add('CONDSTORE');
    if (!this.view) return;
    if (this.view.highestModseq > 0)
      await this.untagged(`OK [HIGHESTMODSEQ ${this.view.highestModseq}] Highest`);
    else await this.untagged('OK [NOMODSEQ] No permanent modsequences');
  }
  get canAuthenticate(): boolean {
    return this.secure || this.options.allowPlaintextAuth;
  }

  /** The hook context; only valid after authentication. */
  get ctx(): ImapHookContext {
    if (!this.user) throw new Error('not authenticated');
    return { sessionId: this.id, user: this.user, remoteAddress: this.remoteAddress, secure: this.secure };
  }

  get remote(): string {
    return this.remoteAddress;
  }

  capabilities(): string[] {
    const caps = ['IMAP4rev1', 'IMAP4rev2', 'LITERAL+', 'SASL-IR', 'ID', 'ENABLE', 'IDLE', 'NAMESPACE'];
    if (this.state === 'not-authenticated') {
      if (!this.secure && this.options.secureContext) caps.push('STARTTLS');
      if (this.canAuthenticate) caps.push('AUTH=PLAIN', 'AUTH=LOGIN');
      else caps.push('LOGINDISABLED');
      return caps;
    }
    caps.push(
      'UNSELECT',
      'UIDPLUS',
      'MOVE',
      'CHILDREN',
      'SPECIAL-USE',
      'CREATE-SPECIAL-USE',
      'LIST-EXTENDED',
    );
    caps.push(
      'LIST-STATUS',
      'QUOTA',
      'QUOTA=RES-STORAGE',
      'QUOTA=RES-MESSAGE',
      `APPENDLIMIT=${this.options.maxAppendSize}`,
    );
    caps.push('UTF8=ACCEPT', 'STATUS=SIZE', 'ESEARCH', 'SEARCHRES', 'CONTEXT=SEARCH');
    caps.push('CONDSTORE', 'QRESYNC', 'OBJECTID');
    caps.push('PREVIEW', 'SAVEDATE', 'MULTIAPPEND', 'CATENATE');
    caps.push('SORT', 'SORT=DISPLAY', 'ESORT', 'THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES');
    caps.push('BINARY', 'COMPRESS=DEFLATE');
    if (this.backend.watchUser) caps.push('NOTIFY');
    return caps;
  }

  /** Writes an untagged response (`* ` prepended, CRLF appended). */
  async untagged(text: string): Promise<void> {
    await this.writer.writeResponse([`* ${text}`]);
  }

  async continuation(text: string): Promise<void> {
    await this.writer.write(`+ ${text}\r\n`);
    await this.writer.flush();
  }

  /** Reads one client line (AUTHENTICATE responses, IDLE's DONE). */
  async readClientLine(): Promise<string> {
    // Waiting for the client is a safe point for a shutdown BYE.
    const previous = this.interruptible;
    this.interruptible = true;
    try {
      const line = await this.input.readLine(this.options.maxLineLength);
      return line.toString('latin1');
    } catch (error) {
      if (error instanceof LineTooLongError) throw new ImapSyntaxError('Line too long');
      throw error;
    } finally {
      this.interruptible = previous;
    }
  }

  encodeMailbox(path: string): string {
    return encodeMailboxName(path, this.utf8);
  }
  decodeMailbox(token: ImapToken | undefined): string {
    return decodeMailboxName(token, this.utf8);
  }
  /** A LIST/LSUB reference or pattern: like a name, but text that is not valid mUTF-7 is kept as is. */
  decodeMailboxPattern(token: ImapToken | undefined): string {
    return decodeMailboxName(token, this.utf8, true);
  }

  setUser(user: ImapUser): void {
    this.user = user;
    this.state = 'authenticated';
    this.logger = this.logger.child({ user: user.username });
    this.armTimer();
  }

  select(view: MailboxView): void {
    this.view = view;
    this.state = 'selected';
    this.ownFlagChanges.clear();
    this.deferredExpunges.clear();
  }

  /** Replaces the NOTIFY settings (null: NOTIFY NONE). */
  setNotifier(notifier: MailboxNotifier | null): void {
    this.notifications?.stop();
    this.notifications = notifier;
  }

  /** A command is running (its output must not be interleaved with pushed notifications). */
  get isBusy(): boolean {
    return this.busy;
  }

  unselect(): void {
    this.view = null;
    this.state = 'authenticated';
    this.ownFlagChanges.clear();
    this.deferredExpunges.clear();
  }

  /** Brings the view up to date, sending the untagged responses the rules allow right now. */
  async syncMailbox(allowExpunge: boolean): Promise<void> {
    const view = this.view;
    if (!view) return;
    await applyMailboxChanges(this, view, allowExpunge);
    if (!view.searchUpdates.active || this.view !== view) return;
    for (const line of await view.searchUpdates.refresh(this, view)) await this.untagged(line);
  }

  // ------------------------------------------------------------------ timers

  /** Restarts the inactivity timer (pre-auth timeout or autologout). */
  armTimer(): void {
    this.clearTimer();
    const ms = this.state === 'not-authenticated' ? this.options.preAuthTimeoutMs : this.options.autologoutMs;
    this.timer = setTimeout(() => {
      void this.shutdown('Autologout; idle for too long');
    }, ms);
    this.timer.unref();
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  // ------------------------------------------------------------------ STARTTLS

  /** Wraps the socket in TLS. Bytes the client pipelined after STARTTLS are discarded. */
  async startTls(): Promise<void> {
    const context = this.options.secureContext;
    if (!context) throw new Error('no TLS context');
    const dropped = this.input.detach();
    if (dropped.length > 0)
      this.logger.warn({ bytes: dropped.length }, 'discarded plaintext pipelined after STARTTLS');
    const tls = new TLSSocket(this.socket, { isServer: true, secureContext: context });
    await new Promise<void>((resolve, reject) => {
      tls.once('secure', () => resolve());
      tls.once('error', reject);
    });
    this.socket = tls;
    this.secure = true;
    this.writer.replaceSocket(tls);
    this.input.attach(tls);
    tls.on('error', (error: Error) => this.logger.debug({ err: error.message }, 'tls error'));
  }

  /**
   * Puts a stream layer (COMPRESS) between the session and its socket. Unlike STARTTLS, bytes
   * already read past the command are kept: `wrap` receives them as the new layer's input.
   */
  wrapSocket(wrap: (socket: Duplex, pending: Buffer) => Duplex): void {
    const pending = this.input.detach();
    const wrapped = wrap(this.socket, pending);
    wrapped.on('error', (error: Error) => this.logger.debug({ err: error.message }, 'stream error'));
    this.socket = wrapped;
    this.writer.replaceSocket(wrapped);
    this.input.attach(wrapped);
  }

  // ------------------------------------------------------------------ main loop

  async run(): Promise<void> {
    try {
      this.armTimer();
      await this.untagged(
        `OK [CAPABILITY ${this.capabilities().join(' ')}] ${this.options.serverName} ready`,
      );
      await this.writer.flush();
      while (this.state !== 'logout' && !this.finished) {
        await this.writer.flush();
        const read = await readCommand(this.input, {
          maxLineLength: this.options.maxLineLength,
          maxCommandSize: this.options.maxAppendSize + this.options.maxLineLength * 4,
          decideLiteral: (req) => this.decide(req),
          sendContinuation: () => this.continuation('Ready for literal data'),
        });
        if (read.kind === 'too-long') {
          await this.tagged(read.tag ?? '*', { status: 'BAD', text: 'Line too long' });
          if (await this.countBad()) return;
          continue;
        }
        if (read.kind === 'rejected') {
          this.pendingAppend = null;
          await this.tagged(read.tag, { status: read.status, code: read.code, text: read.text });
          this.logger.info(
            { command: 'literal', tag: read.tag, status: read.status, durationMs: 0 },
            'command',
          );
          if (read.close) {
            await this.shutdown('Literal refused; closing');
            return;
          }
          if (read.status === 'BAD' && (await this.countBad())) return;
          continue;
        }
        let parsed: ParsedCommand;
        try {
          parsed = parseCommand(read.raw, { maxDepth: this.options.maxNestingDepth });
        } catch (error) {
          this.pendingAppend = null;
          const text = error instanceof ImapSyntaxError ? error.message : 'Syntax error';
          await this.tagged(read.tag, { status: 'BAD', text });
          this.logger.info({ command: null, tag: read.tag, status: 'BAD', durationMs: 0 }, 'command');
          if (await this.countBad()) return;
          continue;
        }
        await this.execute(parsed);
      }
    } catch (error) {
      if (!(error instanceof InputClosedError)) {
        this.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'session failed');
      }
    } finally {
      this.end();
    }
  }

  private decide(req: LiteralRequest): Promise<LiteralDecision> {
    return decideLiteral(this, req);
  }

  private async countBad(): Promise<boolean> {
    this.badCommands++;
    if (this.badCommands <= this.options.maxBadCommands) return false;
    await this.shutdown('Too many invalid commands');
    return true;
  }

  private async execute(parsed: ParsedCommand): Promise<void> {
    const started = process.hrtime.bigint();
    let input: CommandInput = { tag: parsed.tag, name: parsed.command, args: parsed.args, uid: false };
    let result: CommandResult;
    let allowExpunge = true;
    this.clearTimer();
    this.busy = true;
    // A NOTIFY push already under way finishes before the command's output starts.
    await this.notifications?.flushNow();
    try {
      if (parsed.command === 'UID') {
        const sub = tokenAtom(parsed.args[0], 'UID command').toUpperCase();
        if (!['FETCH', 'STORE', 'SEARCH', 'COPY', 'MOVE', 'EXPUNGE', 'SORT', 'THREAD'].includes(sub)) {
          throw new ImapSyntaxError('Unknown UID command');
        }
        input = { tag: parsed.tag, name: sub, args: parsed.args.slice(1), uid: true };
      }
      const handler = commandHandlers.get(input.name);
      if (!handler) {
        result = { status: 'BAD', text: 'Unknown command' };
      } else if (!handler.states.includes(this.state)) {
        result = { status: 'BAD', text: `Command not allowed in state ${this.state}` };
      } else {
        allowExpunge = handler.allowExpunge ? handler.allowExpunge(input) : true;
        this.busy = true;
        result = await handler.run(this, input);
      }
    } catch (error) {
      if (error instanceof InputClosedError) throw error;
      result = this.mapError(error);
    } finally {
      this.pendingAppend = null;
      this.busy = false;
      this.interruptible = false;
    }
    try {
      // A handler that sent its own tagged reply (STARTTLS, COMPRESS) may have changed the
      // stream under it; untagged data after that reply would belong to no command.
      if (this.state === 'selected' && result.status !== 'BAD' && !this.finished && !result.sent)
        await this.syncMailbox(allowExpunge);
      if (!this.finished && !result.sent) await this.notifications?.flushNow();
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'mailbox sync failed');
    }
    if (this.finished) return;
    if (!result.sent) await this.tagged(parsed.tag, result);
    this.logger.info(
      {
        command: input.uid ? `UID ${input.name}` : input.name,
        tag: parsed.tag,
        status: result.status,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      },
      'command',
    );
    if (this.pendingBye !== null) {
      await this.shutdown(this.pendingBye);
      return;
    }
    if (result.status === 'BAD' && (await this.countBad())) return;
    if (this.state === 'logout') {
      await this.writer.flush();
      this.socket.end();
      return;
    }
    this.armTimer();
  }

  mapError(error: unknown): CommandResult {
    if (error instanceof ImapSyntaxError) return { status: 'BAD', text: error.message };
    if (isImapHookError(error)) return { status: 'NO', code: error.code, text: sanitize(error.message) };
    this.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'hook failed');
    return { status: 'NO', code: 'SERVERBUG', text: 'Internal error' };
  }

  async tagged(tag: string, result: CommandResult): Promise<void> {
    const code = result.code ? `[${result.code}] ` : '';
    await this.writer.writeResponse([`${tag} ${result.status} ${code}${sanitize(result.text)}`]);
    await this.writer.flush();
  }

  /** Sends BYE and closes (timeouts, server shutdown, abuse). */
  async shutdown(reason: string): Promise<void> {
    if (this.finished) return;
    if (this.busy && !this.interruptible) {
      // Never cut a response (a literal, say) in half: BYE follows the current command.
      this.pendingBye = reason;
      setTimeout(() => this.socket.destroy(), 30_000).unref();
      return;
    }
    this.finished = true;
    try {
      await this.untagged(`BYE ${reason}`);
      await this.writer.flush();
    } catch {
      // The peer may already be gone.
    }
    this.socket.end();
    this.input.close();
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  private end(): void {
    this.clearTimer();
    this.finished = true;
    this.state = 'logout';
    this.input.close();
    this.notifications?.stop();
    if (!this.socket.destroyed) this.socket.end();
    if (this.user) {
      try {
        this.backend.sessionEnded?.(this.ctx);
      } catch {
        // A backend hook failing at the end must not crash the server.
      }
    }
    this.onEnd(this);
  }

  /** True once the session has ended or is closing. */
  get isFinished(): boolean {
    return this.finished;
  }
}

/** Response text must stay on one line. */
function sanitize(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 500);
}
