import { ImapHookError, type ImapHookContext, type MailboxStatus } from '../imap-backend';
import { ImapServer } from '../imap-server';
import { MemoryImapBackend } from '../testing/memory-backend';
import { RawImapClient } from '../testing/raw-imap-client';

class FaultyBackend extends MemoryImapBackend {
  override status(ctx: ImapHookContext, path: string): Promise<MailboxStatus> {
    if (path === 'Boom')
      return Promise.reject(new Error('mongo: connection to 10.0.0.5 refused, password=hunter2'));
    if (path === 'Busy') return Promise.reject(new ImapHookError('INUSE', 'Mailbox is locked\r\n* injected'));
    return super.status(ctx, path);
  }
}

describe('hook error mapping', () => {
  it('maps ImapHookError to NO [CODE] and hides other errors behind SERVERBUG', async () => {
    const errors: Array<Record<string, unknown>> = [];
    const logger = {
      child: () => logger,
      info: () => undefined,
      warn: () => undefined,
      debug: () => undefined,
      error: (obj: Record<string, unknown>) => void errors.push(obj),
    };
    const server = new ImapServer({ backend: new FaultyBackend(), allowPlaintextAuth: true, logger });
    const { port } = await server.listen(0);
    const c = await RawImapClient.connect(port);
    await c.login();
    const boom = await c.command('a', 'STATUS Boom (MESSAGES)');
    expect(boom).toBe('a NO [SERVERBUG] Internal error\r\n');
    expect(JSON.stringify(errors)).not.toContain('hunter2');
    expect(errors).toHaveLength(1);
    const busy = await c.command('b', 'STATUS Busy (MESSAGES)');
    // The hook's text cannot inject a second response line.
    expect(busy).toBe('b NO [INUSE] Mailbox is locked * injected\r\n');
    c.close();
    await server.close();
  });
});
