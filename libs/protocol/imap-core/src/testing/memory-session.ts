import type { MemoryImapBackend } from './memory-backend';
import { startMemoryServer, type MemoryServerHandle } from './memory-server';
import { RawImapClient } from './raw-imap-client';

export interface MemorySessionOptions {
  /** Fills the backend before the client connects. */
  seed?: (backend: MemoryImapBackend) => void;
  /** The mailbox to SELECT after LOGIN (INBOX unless told); null stays in the authenticated state. */
  select?: string | null;
}

export interface MemorySession {
  readonly server: MemoryServerHandle;
  readonly client: RawImapClient;
}

/**
 * A fresh in-memory server and one logged-in raw client for every test of the enclosing `describe`,
 * closed after each test, so command specs state only what their tests need.
 */
export function useMemorySession(options: MemorySessionOptions = {}): MemorySession {
  let server: MemoryServerHandle | undefined;
  let client: RawImapClient | undefined;
  beforeEach(async () => {
    server = await startMemoryServer();
    options.seed?.(server.backend);
    client = await RawImapClient.connect(server.port);
    await client.login();
    const mailbox = options.select === undefined ? 'INBOX' : options.select;
    if (mailbox !== null) await client.command('s', `SELECT ${mailbox}`);
  });
  afterEach(async () => {
    client?.close();
    await server?.close();
  });
  const running = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the memory session exists only while a test runs');
    return value;
  };
  return {
    get server() {
      return running(server);
    },
    get client() {
      return running(client);
    },
  };
}
