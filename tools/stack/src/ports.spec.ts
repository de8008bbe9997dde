import { createServer, type Server } from 'node:net';
import { assertPortFree, findFreePort, isPortFree, waitForPort } from './ports';
import { StackError } from './stack-error';

const listen = (port: number): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('ports', () => {
  it('sees a port as taken while something listens and free afterwards', async () => {
    const port = await findFreePort();
    expect(await isPortFree(port)).toBe(true);
    const server = await listen(port);
    expect(await isPortFree(port)).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(await isPortFree(port)).toBe(true);
  });

  it('explains a busy port in one line that names the setting to change', async () => {
    const port = await findFreePort();
    const server = await listen(port);
    try {
      const error = await assertPortFree(port, '127.0.0.1', 'the api', 'EIDER_API__PORT').catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StackError);
      expect((error as StackError).message).toBe(
        `port 127.0.0.1:${port} for the api is already in use; stop whatever holds it or choose another port with EIDER_API__PORT`,
      );
    } finally {
      server.close();
    }
  });

  it('stops waiting as soon as the process that should listen has exited', async () => {
    const port = await findFreePort();
    const started = Date.now();
    await expect(
      waitForPort(port, '127.0.0.1', 'FerretDB', { timeoutMs: 10_000, hasExited: () => 'exit code 1' }),
    ).rejects.toThrow('FerretDB exited before it opened');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
