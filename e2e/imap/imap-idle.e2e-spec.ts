import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { createTestAccount, startProtocols, type RunningProtocols } from '../support/protocols-process';

/**
 * Stateless sessions across processes: a client idling on one protocols process must hear about mail
 * that another protocols process accepted, through the journal and the Redis beacon alone.
 */
describe('IDLE across protocols processes', () => {
  let idler: RunningProtocols;
  let receiver: RunningProtocols;

  beforeAll(async () => {
    idler = await startProtocols({ EIDER_LMTP__ENABLED: 'false', EIDER_POP3__ENABLED: 'false' });
    receiver = await startProtocols({ EIDER_IMAP__ENABLED: 'false', EIDER_POP3__ENABLED: 'false' });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([idler?.stop(), receiver?.stop()]);
  });

  it('sees an LMTP delivery made through the other process within one second', async () => {
    const account = createTestAccount();
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: idler.imapPort,
      secure: false,
      tls: { rejectUnauthorized: false },
      auth: { user: account.username, pass: account.password },
      logger: false,
    });
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      const before = client.mailbox ? client.mailbox.exists : -1;
      const arrived = new Promise<number>((resolve) => {
        client.on('exists', (event: { count: number }) => resolve(event.count));
      });
      void client.idle().catch(() => undefined);
      // idle() resolves only when IDLE ends; give the DONE-less IDLE a moment to be in place.
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Timed from the moment the LMTP client has its 250, not from python's start-up.
      const delivered = new Promise<number>((resolve, reject) => {
        const child = spawn('python3', [
          join(__dirname, 'lmtp-deliver-one.py'),
          String(receiver.lmtpPort),
          account.address,
        ]);
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('delivered')) resolve(Date.now());
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', () => reject(new Error(`LMTP delivery failed: ${output}`)));
      });
      const [deliveredAt, count, seenAt] = await Promise.all([
        delivered,
        arrived,
        arrived.then(() => Date.now()),
      ]);
      expect(count).toBe(before + 1);
      expect(seenAt - deliveredAt).toBeLessThan(1_000);
    } finally {
      await client.logout();
    }
  });
});
