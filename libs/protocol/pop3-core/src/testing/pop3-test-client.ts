import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** A byte-level POP3 client for tests: it sends exactly what it is told and keeps every byte it gets. */
export class Pop3TestClient {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private closed = false;

  private constructor(private socket: Socket) {
    this.listen(socket);
  }

  static async connect(port: number, options: { tls?: boolean } = {}): Promise<Pop3TestClient> {
    const socket = options.tls
      ? tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false })
      : netConnect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new Pop3TestClient(socket);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get encrypted(): boolean {
    return 'encrypted' in this.socket && this.socket.encrypted === true;
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Sends one command line and returns the first response line. */
  async command(line: string): Promise<string> {
    this.send(`${line}\r\n`);
    return this.line();
  }

  /** The next CRLF-terminated line, without the CRLF. */
  async line(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.buffer.indexOf('\r\n');
      if (at !== -1) {
        const line = this.buffer.subarray(0, at).toString('utf8');
        this.buffer = this.buffer.subarray(at + 2);
        return line;
      }
      if (this.closed)
        throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer.toString())}`);
      await this.wait(deadline);
    }
  }

  /** The body of a multi-line response, still byte-stuffed, up to and excluding the final ".\r\n". */
  async multiline(timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.subarray(0, 3).equals(Buffer.from('.\r\n'))
        ? 0
        : this.buffer.indexOf('\r\n.\r\n');
      if (end !== -1) {
        const cut = end === 0 ? 0 : end + 2;
        const body = this.buffer.subarray(0, cut);
        this.buffer = this.buffer.subarray(cut + 3);
        return body;
      }
      if (this.closed) throw new Error('connection closed inside a multi-line response');
      await this.wait(deadline);
    }
  }

  /** Resolves once the server closed the connection. */
  async closedByServer(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) await this.wait(deadline);
  }

  async startTls(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    const secure = tlsConnect({ socket: plain, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject);
    });
    this.socket = secure;
    this.buffer = Buffer.alloc(0);
    this.listen(secure);
  }

  close(): void {
    this.socket.destroy();
  }

  /** Stops reading, like a client that never reads its responses; the kernel buffers then fill up. */
  stopReading(): void {
    this.socket.pause();
  }

  private listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      if (socket !== this.socket) return;
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private wait(deadline: number): Promise<void> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(new Error('timed out waiting for the server'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the server')), remaining);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
