import type { SecureContext } from 'node:tls';
import { createSecureContext } from 'node:tls';
import { generate } from 'selfsigned';
import type { Pop3LogEvent } from '../pop3-log';
import { Pop3Server, type Pop3ServerOptions } from '../pop3-server';
import { MemoryPop3Backend, type MemoryBackendOptions } from './memory-pop3.backend';
import { Pop3TestClient } from './pop3-test-client';

export interface SessionFixture {
  server: Pop3Server;
  backend: MemoryPop3Backend;
  port: number;
  logs: Pop3LogEvent[];
  connect(): Promise<Pop3TestClient>;
  /** Connects, reads the greeting and logs in with USER/PASS. */
  login(username?: string, password?: string): Promise<Pop3TestClient>;
  close(): Promise<void>;
}

export const startFixture = async (
  options: Partial<Omit<Pop3ServerOptions, 'backend'>> & { memory?: MemoryBackendOptions } = {},
): Promise<SessionFixture> => {
  const { memory, ...serverOptions } = options;
  const backend = new MemoryPop3Backend(memory);
  backend.addUser('alice', 'secret pass');
  const logs: Pop3LogEvent[] = [];
  const server = new Pop3Server({
    allowPlaintextAuth: true,
    ...serverOptions,
    backend,
    log: (event) => logs.push(event),
  });
  const { port } = await server.listen({ port: 0 });
  const clients: Pop3TestClient[] = [];
  const connect = async (): Promise<Pop3TestClient> => {
    const client = await Pop3TestClient.connect(port);
    clients.push(client);
    return client;
  };
  return {
    server,
    backend,
    port,
    logs,
    connect,
    async login(username = 'alice', password = 'secret pass') {
      const client = await connect();
      expect(await client.line()).toMatch(/^\+OK /);
      expect(await client.command(`USER ${username}`)).toMatch(/^\+OK/);
      expect(await client.command(`PASS ${password}`)).toMatch(/^\+OK/);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await server.close();
    },
  };
};

let cached: Promise<SecureContext> | undefined;

/** A throwaway self-signed certificate, generated once per test file. */
export const testTlsContext = (): Promise<SecureContext> => {
  cached ??= generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 }).then((pems) =>
    createSecureContext({ key: pems.private, cert: pems.cert }),
  );
  return cached;
};

/** Waits until `predicate` holds, polling; for effects that follow a socket event. */
export const eventually = async (predicate: () => boolean, timeoutMs = 3000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
