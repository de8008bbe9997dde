import { createConnection, createServer } from 'node:net';
import { StackError } from './stack-error';

export const isPortFree = (port: number, host = '127.0.0.1'): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });

export const assertPortFree = async (
  port: number,
  host: string,
  what: string,
  key: string,
): Promise<void> => {
  if (!(await isPortFree(port, host))) {
    throw new StackError(
      `port ${host}:${port} for ${what} is already in use; stop whatever holds it or choose another port with ${key}`,
    );
  }
};

/** Asks the kernel for a free port; used by tests so they never collide with a running `npm start`. */
export const findFreePort = (host = '127.0.0.1'): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const canConnect = (port: number, host: string): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });

export interface WaitOptions {
  timeoutMs: number;
  /** Fails fast when the process that should open the port has already exited. */
  hasExited?: () => string | undefined;
}

export const waitForPort = async (
  port: number,
  host: string,
  what: string,
  options: WaitOptions,
): Promise<void> => {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const exited = options.hasExited?.();
    if (exited) throw new StackError(`${what} exited before it opened ${host}:${port}: ${exited}`);
    if (await canConnect(port, host)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new StackError(
    `${what} did not open ${host}:${port} within ${Math.round(options.timeoutMs / 1000)} s`,
  );
};
