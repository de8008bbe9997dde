import type { ImapServerOptions } from '../imap-server-options';
import { ImapServer } from '../imap-server';
import { MemoryImapBackend, type MemoryUserSpec } from './memory-backend';

export interface MemoryServerHandle {
  server: ImapServer;
  backend: MemoryImapBackend;
  port: number;
  close(): Promise<void>;
}

/** Starts an ImapServer over the in-memory backend on 127.0.0.1 (port 0 = any free port). */
export async function startMemoryServer(
  options: {
    port?: number;
    users?: MemoryUserSpec[];
    server?: Partial<Omit<ImapServerOptions, 'backend'>>;
  } = {},
): Promise<MemoryServerHandle> {
  const backend = new MemoryImapBackend(options.users);
  const server = new ImapServer({ allowPlaintextAuth: true, ...options.server, backend });
  const { port } = await server.listen(options.port ?? 0);
  return { server, backend, port, close: () => server.close() };
}
