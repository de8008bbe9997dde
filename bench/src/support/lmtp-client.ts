import { connect, type Socket } from 'node:net';

/** A minimal LMTP client for the bench: one connection, one message at a time, one reply per recipient. */
export class BenchLmtpClient {
  private buffer = '';
  private wake: (() => void) | null = null;
  private closed: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake?.();
    });
    const end = (error?: Error) => {
      this.closed = error ?? new Error('connection closed');
      this.wake?.();
    };
    socket.on('close', () => end());
    socket.on('error', end);
  }

  static async open(port: number): Promise<BenchLmtpClient> {
    const socket = connect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new BenchLmtpClient(socket);
    await client.expect(220);
    await client.command('LHLO bench.example', 250);
    return client;
  }

  private async reply(): Promise<{ code: number; line: string }> {
    for (;;) {
      const match = /^(?:\d{3}-[^\n]*\n)*((\d{3}) [^\n]*?)\r?\n/.exec(this.buffer);
      if (match) {
        this.buffer = this.buffer.slice(match[0].length);
        return { code: Number(match[2]), line: match[1] ?? '' };
      }
      if (this.closed) throw this.closed;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  private async expect(code: number): Promise<void> {
    const reply = await this.reply();
    if (reply.code !== code) throw new Error(`expected ${code}, got ${reply.line}`);
  }

  private async command(line: string, code: number): Promise<void> {
    this.socket.write(`${line}\r\n`);
    await this.expect(code);
  }

  /** Delivers one message (already CRLF and dot-stuffed) to one recipient; throws unless it gets 250. */
  async deliver(sender: string, recipient: string, wire: Buffer): Promise<void> {
    await this.command(`MAIL FROM:<${sender}>`, 250);
    await this.command(`RCPT TO:<${recipient}>`, 250);
    await this.command('DATA', 354);
    this.socket.write(wire);
    this.socket.write('.\r\n');
    await this.expect(250);
  }

  async close(): Promise<void> {
    this.socket.write('QUIT\r\n');
    await this.reply().catch(() => undefined);
    this.socket.destroy();
  }
}

/** CRLF line endings, RFC 5321 dot-stuffing and a final CRLF: the message as it goes on the wire. */
export const toWire = (raw: Buffer): Buffer => {
  let text = raw
    .toString('latin1')
    .replace(/\r?\n/g, '\r\n')
    .replace(/(^|\n)\./g, '$1..');
  if (!text.endsWith('\r\n')) text += '\r\n';
  return Buffer.from(text, 'latin1');
};
