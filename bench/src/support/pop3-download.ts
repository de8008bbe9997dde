import { connect, type Socket } from 'node:net';

export interface DownloadResult {
  messages: number;
  /** Bytes of message content received (byte-stuffed, as on the wire, without the terminators). */
  bytes: number;
  ms: number;
}

const TERMINATOR = Buffer.from('\r\n.\r\n');

/**
 * A minimal POP3 client for measuring: logs in with USER/PASS, then RETRs every message one after the
 * other over the same connection, as a mail client downloading a maildrop would.
 */
class Pop3Connection {
  private pending: Buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      this.wake?.();
    });
    socket.on('error', (error) => {
      this.failure = error;
      this.wake?.();
    });
    socket.on('close', () => {
      this.failure ??= new Error('connection closed');
      this.wake?.();
    });
  }

  static open(port: number): Promise<Pop3Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', noDelay: true }, () =>
        resolve(new Pop3Connection(socket)),
      );
      socket.once('error', reject);
    });
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  async line(): Promise<string> {
    for (;;) {
      const at = this.pending.indexOf('\r\n');
      if (at !== -1) {
        const text = this.pending.subarray(0, at).toString('utf8');
        this.pending = this.pending.subarray(at + 2);
        return text;
      }
      await this.more();
    }
  }

  /** Consumes a multi-line body; returns its length. */
  async body(): Promise<number> {
    let from = 0;
    for (;;) {
      if (
        this.pending.length >= 3 &&
        this.pending[0] === 0x2e &&
        this.pending[1] === 0x0d &&
        this.pending[2] === 0x0a
      ) {
        this.pending = this.pending.subarray(3);
        return 0;
      }
      const at = this.pending.indexOf(TERMINATOR, from);
      if (at !== -1) {
        this.pending = this.pending.subarray(at + TERMINATOR.length);
        return at + 2;
      }
      from = Math.max(0, this.pending.length - TERMINATOR.length);
      await this.more();
    }
  }

  async expectOk(line: string): Promise<string> {
    this.send(line);
    const answer = await this.line();
    if (!answer.startsWith('+OK')) throw new Error(`${line.split(' ')[0]} failed: ${answer}`);
    return answer;
  }

  close(): void {
    this.socket.destroy();
  }

  private more(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.wake = () => {
        this.wake = undefined;
        if (this.failure) reject(this.failure);
        else resolve();
      };
    });
  }
}

const login = async (port: number, user: string, password: string): Promise<Pop3Connection> => {
  for (let attempt = 0; ; attempt++) {
    const connection = await Pop3Connection.open(port);
    const greeting = await connection.line();
    if (!greeting.startsWith('+OK')) throw new Error(`greeting: ${greeting}`);
    await connection.expectOk(`USER ${user}`);
    connection.send(`PASS ${password}`);
    const answer = await connection.line();
    if (answer.startsWith('+OK')) return connection;
    connection.close();
    // The previous round's session may still be releasing its maildrop lock.
    if (!answer.includes('[IN-USE]') || attempt >= 50) throw new Error(`PASS failed: ${answer}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export const downloadAll = async (port: number, user: string, password: string): Promise<DownloadResult> => {
  const connection = await login(port, user, password);
  try {
    const stat = await connection.expectOk('STAT');
    const count = Number(stat.split(' ')[1]);
    let bytes = 0;
    const started = performance.now();
    for (let number = 1; number <= count; number++) {
      await connection.expectOk(`RETR ${number}`);
      bytes += await connection.body();
    }
    const ms = performance.now() - started;
    // No QUIT: the UPDATE state (\Seen for every message) is not what is measured, and leaving without
    // it keeps the maildrop identical for the next round on both servers.
    return { messages: count, bytes, ms };
  } finally {
    connection.close();
  }
};
