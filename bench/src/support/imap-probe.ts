import { connect, type Socket } from 'node:net';

export type ImapStatus = 'OK' | 'NO' | 'BAD';

export interface ImapReply {
  status: ImapStatus;
  /** The tagged line after the status word. */
  text: string;
  /** The first line (up to its first literal) of each untagged response, when the caller asked to keep them. */
  untagged: string[];
  /** Untagged `* n FETCH` responses seen. */
  fetchResponses: number;
  /** Bytes received for this command, the tagged line included. */
  bytes: number;
  /** Bytes carried in literals (message bodies for BODY[]). */
  literalBytes: number;
  ms: number;
}

export interface CommandOptions {
  keepUntagged?: boolean;
  /** Sent as one synchronizing literal after the command text, once the server says `+`. */
  literal?: Buffer;
}

interface Pending {
  tag: string;
  keep: boolean;
  untagged: string[];
  fetchResponses: number;
  consumedAtStart: number;
  literalBytes: number;
  started: number;
  onContinuation: (() => void) | undefined;
  resolve: (reply: ImapReply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const CRLF = Buffer.from('\r\n');
// Only the start of a response line is kept; a 200k-message SEARCH result is counted, not decoded whole.
const HEAD_LIMIT = 64 * 1024;
// A server that never ends a line must not make the client buffer without bound.
const MAX_LINE = 16 * 1024 * 1024;
const FETCH_RESPONSE = /^\* \d+ FETCH /i;

/** `{123}` or `{123+}` at the end of the line segment, else null. */
const literalAt = (buffer: Buffer, start: number, end: number): number | null => {
  if (end - start < 3 || buffer[end - 1] !== 0x7d) return null;
  let at = end - 2;
  if (buffer[at] === 0x2b) at -= 1;
  let size = 0;
  let scale = 1;
  let digits = 0;
  while (at > start && buffer[at]! >= 0x30 && buffer[at]! <= 0x39) {
    size += (buffer[at]! - 0x30) * scale;
    scale *= 10;
    digits += 1;
    at -= 1;
  }
  return digits > 0 && buffer[at] === 0x7b ? size : null;
};

/**
 * A minimal IMAP client for measuring: one command at a time, read until its tagged reply. Literals
 * are skipped as they stream in (never buffered whole), so multi-megabyte FETCH replies cost the
 * client little; it counts the bytes, the FETCH responses and the literal bytes it saw.
 */
export class ImapProbe {
  private buffer: Buffer = Buffer.alloc(0);
  private pos = 0;
  private consumed = 0;
  private literalLeft = 0;
  private head: string | undefined;
  private pending: Pending | undefined;
  private greetingWaiter: ((line: string) => void) | undefined;
  private readonly greeted: Promise<string>;
  private failure: Error | undefined;
  private counter = 0;
  greeting = '';

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    this.greeted = new Promise<string>((resolve) => (this.greetingWaiter = resolve));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Connects and waits for the greeting. */
  static async connect(port: number, host = '127.0.0.1', timeoutMs = 900_000): Promise<ImapProbe> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const opened = connect({ port, host, noDelay: true }, () => {
        opened.off('error', reject);
        resolve(opened);
      });
      opened.once('error', reject);
    });
    const probe = new ImapProbe(socket, timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('no IMAP greeting within 30 s')), 30_000);
    });
    try {
      probe.greeting = await Promise.race([probe.greeted, timeout]);
    } catch (error) {
      probe.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (!/^\* (OK|PREAUTH)/i.test(probe.greeting)) {
      probe.destroy();
      throw new Error(`unexpected IMAP greeting: ${probe.greeting}`);
    }
    return probe;
  }

  /** LOGIN with quoted strings; throws unless the server says OK. */
  async login(username: string, password: string): Promise<void> {
    const quote = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;
    const reply = await this.command(`LOGIN ${quote(username)} ${quote(password)}`);
    if (reply.status !== 'OK') throw new Error(`LOGIN ${username} failed: ${reply.status} ${reply.text}`);
  }

  /** Sends one command and resolves with its tagged reply; NO and BAD resolve too (check `status`). */
  command(text: string, options: CommandOptions = {}): Promise<ImapReply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('ImapProbe runs one command at a time'));
    const tag = `B${++this.counter}`;
    return new Promise<ImapReply>((resolve, reject) => {
      const literal = options.literal;
      this.pending = {
        tag,
        keep: options.keepUntagged ?? false,
        untagged: [],
        fetchResponses: 0,
        consumedAtStart: this.consumed,
        literalBytes: 0,
        started: performance.now(),
        onContinuation: literal
          ? () => {
              this.socket.write(literal);
              this.socket.write(CRLF);
            }
          : undefined,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.fail(new Error(`${text.split(' ')[0] ?? ''} got no reply within ${this.timeoutMs / 1000} s`));
          this.socket.destroy();
        }, this.timeoutMs),
      };
      this.socket.write(literal ? `${tag} ${text} {${literal.length}}\r\n` : `${tag} ${text}\r\n`);
    });
  }

  /** LOGOUT, then closes; never throws (the measurement is over by then). */
  async close(): Promise<void> {
    try {
      if (!this.failure) await this.command('LOGOUT');
    } catch {
      // The socket is destroyed below either way.
    }
    this.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }

  private onData(chunk: Buffer): void {
    this.buffer =
      this.pos < this.buffer.length ? Buffer.concat([this.buffer.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
    try {
      this.parse();
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      this.socket.destroy();
    }
  }

  private parse(): void {
    for (;;) {
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, this.buffer.length - this.pos);
        this.pos += take;
        this.consumed += take;
        this.literalLeft -= take;
        if (this.pending) this.pending.literalBytes += take;
        if (this.literalLeft > 0) return;
      }
      const end = this.buffer.indexOf(CRLF, this.pos);
      if (end === -1) {
        if (this.buffer.length - this.pos > MAX_LINE) throw new Error('server line exceeds 16 MB');
        return;
      }
      const literal = literalAt(this.buffer, this.pos, end);
      this.head ??= this.buffer.toString('latin1', this.pos, Math.min(end, this.pos + HEAD_LIMIT));
      this.consumed += end + 2 - this.pos;
      this.pos = end + 2;
      if (literal !== null) {
        // The response goes on after the literal: keep its head, skip the bytes.
        this.literalLeft = literal;
        continue;
      }
      const line = this.head;
      this.head = undefined;
      this.dispatch(line);
    }
  }

  private dispatch(line: string): void {
    if (this.greetingWaiter) {
      const waiter = this.greetingWaiter;
      this.greetingWaiter = undefined;
      waiter(line);
      return;
    }
    const pending = this.pending;
    if (!pending) return;
    if (line.startsWith('+')) {
      pending.onContinuation?.();
      return;
    }
    if (line.startsWith('* ')) {
      if (FETCH_RESPONSE.test(line)) pending.fetchResponses += 1;
      if (pending.keep) pending.untagged.push(line);
      return;
    }
    if (!line.startsWith(`${pending.tag} `)) return;
    const rest = line.slice(pending.tag.length + 1);
    const space = rest.indexOf(' ');
    const word = (space === -1 ? rest : rest.slice(0, space)).toUpperCase();
    const status: ImapStatus = word === 'OK' ? 'OK' : word === 'NO' ? 'NO' : 'BAD';
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve({
      status,
      text: space === -1 ? '' : rest.slice(space + 1),
      untagged: pending.untagged,
      fetchResponses: pending.fetchResponses,
      bytes: this.consumed - pending.consumedAtStart,
      literalBytes: pending.literalBytes,
      ms: performance.now() - pending.started,
    });
  }
}

/** Throws unless the reply is OK, naming the command. */
export const expectOk = (command: string, reply: ImapReply): ImapReply => {
  if (reply.status !== 'OK') throw new Error(`${command} failed: ${reply.status} ${reply.text}`);
  return reply;
};
