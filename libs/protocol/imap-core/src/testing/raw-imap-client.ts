import { type Socket, connect } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';

/**
 * A deliberately dumb line client for protocol tests: it sends exact bytes and collects
 * exact responses, so tests can assert the wire format (and misbehave on purpose).
 */
export class RawImapClient {
  private data = '';
  private closed = false;
  private waiters: Array<() => void> = [];

  private constructor(private socket: Socket | TLSSocket) {
    this.listen(socket);
  }

  private listen(socket: Socket | TLSSocket): void {
    socket.on('data', (chunk: Buffer) => {
      this.data += chunk.toString('latin1');
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  static async connect(port: number): Promise<RawImapClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawImapClient(socket);
    await client.waitFor(/^\* OK .*\r\n/m);
    return client;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Everything received and not yet consumed. */
  get buffer(): string {
    return this.data;
  }

  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Waits until `re` matches the unconsumed input; consumes through the match. */
  async waitFor(re: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.data);
      if (m) {
        const end = m.index + m[0].length;
        const out = this.data.slice(0, end);
        this.data = this.data.slice(end);
        return out;
      }
      if (this.closed)
        throw new Error(
          `connection closed while waiting for ${re}; got ${JSON.stringify(this.data.slice(-500))}`,
        );
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timeout waiting for ${re}; got ${JSON.stringify(this.data.slice(-500))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends `tag text` and returns every line up to and including the tagged reply. */
  async command(tag: string, text: string, timeoutMs = 5000): Promise<string> {
    this.write(`${tag} ${text}\r\n`);
    return this.waitFor(
      new RegExp(`(?:^|\\r\\n)${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (?:OK|NO|BAD)[^\\r\\n]*\\r\\n`),
      timeoutMs,
    );
  }

  async login(user = 'alice', pass = 'secret'): Promise<void> {
    const r = await this.command('L0', `LOGIN ${user} ${pass}`);
    if (!/L0 OK/.test(r)) throw new Error(`login failed: ${r}`);
  }

  /** Waits for the connection to close. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection did not close');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Upgrades to TLS after a STARTTLS OK (test certificates are not verified). */
  async startTls(): Promise<void> {
    this.socket.removeAllListeners('data');
    const tls = tlsConnect({ socket: this.socket, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      tls.once('secureConnect', resolve);
      tls.once('error', reject);
    });
    this.socket = tls;
    this.listen(tls);
  }

  close(): void {
    this.socket.destroy();
  }
}
