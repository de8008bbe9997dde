import { connect, type Socket } from 'node:net';

export interface LmtpReplyLine {
  code: number;
  text: string;
}

/**
 * A deliberately small LMTP client for tests that need control the real clients do not give: one reply
 * per recipient after DATA, raw bytes, and dropping the connection mid-message.
 */
export class LmtpWireClient {
  private buffer = '';
  private waiters: (() => void)[] = [];
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async open(port: number, host = '127.0.0.1'): Promise<LmtpWireClient> {
    const socket = connect({ port, host });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new LmtpWireClient(socket);
    const greeting = await client.reply();
    if (greeting.code !== 220) throw new Error(`unexpected greeting ${greeting.code} ${greeting.text}`);
    const lhlo = await client.command('LHLO client.test');
    if (lhlo.code !== 250) throw new Error(`LHLO failed: ${lhlo.code} ${lhlo.text}`);
    return client;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /** One complete (possibly multi-line) reply. */
  async reply(timeoutMs = 30_000): Promise<LmtpReplyLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = /^(?:\d{3}-[^\n]*\n)*(\d{3}) ([^\n]*)\n/.exec(this.buffer);
      if (match) {
        this.buffer = this.buffer.slice(match[0].length);
        return { code: Number(match[1]), text: (match[2] ?? '').replace(/\r$/, '') };
      }
      if (this.closed) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error('reply timeout');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async command(line: string): Promise<LmtpReplyLine> {
    this.socket.write(`${line}\r\n`, 'utf8');
    return this.reply();
  }

  writeRaw(data: Buffer | string): void {
    this.socket.write(data);
  }

  /**
   * MAIL, RCPT per recipient, DATA. Returns the RCPT replies and one DATA reply per accepted recipient
   * (all recipients refused: no DATA).
   */
  async send(
    sender: string,
    recipients: string[],
    message: Buffer,
  ): Promise<{ rcpt: LmtpReplyLine[]; data: LmtpReplyLine[] }> {
    const mail = await this.command(`MAIL FROM:<${sender}>`);
    if (mail.code !== 250) throw new Error(`MAIL FROM refused: ${mail.code} ${mail.text}`);
    const rcpt: LmtpReplyLine[] = [];
    for (const recipient of recipients) rcpt.push(await this.command(`RCPT TO:<${recipient}>`));
    const accepted = rcpt.filter((reply) => reply.code === 250).length;
    if (accepted === 0) {
      await this.command('RSET');
      return { rcpt, data: [] };
    }
    const start = await this.command('DATA');
    if (start.code !== 354) throw new Error(`DATA refused: ${start.code} ${start.text}`);
    this.socket.write(dotStuff(message));
    this.socket.write('.\r\n');
    const data: LmtpReplyLine[] = [];
    for (let i = 0; i < accepted; i++) data.push(await this.reply(120_000));
    return { rcpt, data };
  }

  async quit(): Promise<void> {
    if (!this.closed) await this.command('QUIT').catch(() => undefined);
    this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** RFC 5321 4.5.2 transparency plus a final CRLF, so the terminating dot sits on its own line. */
export const dotStuff = (message: Buffer): Buffer => {
  const text = message.toString('latin1').replace(/(^|\n)\./g, '$1..');
  const ended = text.endsWith('\r\n')
    ? text
    : text.endsWith('\n')
      ? `${text.slice(0, -1)}\r\n`
      : `${text}\r\n`;
  return Buffer.from(ended, 'latin1');
};
