import { connect, type TLSSocket } from 'node:tls';
import type { RunningProtocols, TestAccount } from './protocols-process';

/**
 * A bare IMAP connection over implicit TLS, for extensions no client library speaks (NOTIFY, CONTEXT,
 * CATENATE): the test writes commands as text and waits for the lines it expects.
 */
export class RawImapSession {
  private received = '';
  private wake: (() => void) | null = null;

  private constructor(private readonly socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1');
      this.wake?.();
    });
    socket.on('close', () => this.wake?.());
  }

  static async open(server: RunningProtocols, account: TestAccount): Promise<RawImapSession> {
    // The development certificate is self-signed.
    const socket = connect({ host: '127.0.0.1', port: server.imapTlsPort, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    const session = new RawImapSession(socket);
    await session.waitFor(/^\* OK.*\r\n/);
    const login = await session.command('login', `LOGIN ${account.username} "${account.password}"`);
    if (!login.includes('login OK')) throw new Error(`LOGIN failed: ${login}`);
    return session;
  }

  write(text: string): void {
    this.socket.write(Buffer.from(text, 'latin1'));
  }

  /** Waits until `pattern` matches what arrived and returns everything up to the match's end. */
  async waitFor(pattern: RegExp, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.received);
      if (match) {
        const end = match.index + match[0].length;
        const seen = this.received.slice(0, end);
        this.received = this.received.slice(end);
        return seen;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.socket.destroyed)
        throw new Error(`no ${pattern} in ${JSON.stringify(this.received.slice(-400))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Sends one command and returns its responses through the tagged reply. */
  command(tag: string, text: string): Promise<string> {
    this.write(`${tag} ${text}\r\n`);
    return this.waitFor(new RegExp(`(?:^|\\r\\n)${tag} (?:OK|NO|BAD)[^\\r\\n]*\\r\\n`));
  }

  close(): void {
    this.socket.destroy();
  }
}
