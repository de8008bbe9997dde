import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { deliverCommand } from './deliver.command';

describe('eider deliver', () => {
  let server: SMTPServer;
  let port: number;
  const received: { rcpt: string[]; raw: string }[] = [];
  let output = '';
  let errors = '';

  beforeAll(async () => {
    server = new SMTPServer({
      lmtp: true,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      hideENHANCEDSTATUSCODES: true,
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('unknown')) {
          callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            rcpt: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString(),
          });
          callback(
            null,
            session.envelope.rcptTo.map((rcpt) =>
              rcpt.address.startsWith('full')
                ? Object.assign(new Error('4.2.2 mailbox full'), { responseCode: 452 })
                : '2.0.0 saved',
            ),
          );
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    output = '';
    errors = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((output += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((errors += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it('delivers the built-in sample and prints one line per recipient', async () => {
    const code = await deliverCommand([
      '--to',
      'a@example.com',
      '--to',
      'unknown@example.com',
      '--to',
      'full@example.com',
      '--from',
      'me@example.com',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ]);
    expect(code).toBe(1);
    expect(output.split('\n').filter(Boolean)).toEqual([
      'a@example.com: 250 2.0.0 saved',
      'unknown@example.com: 550 5.1.1 no such user',
      'full@example.com: 452 4.2.2 mailbox full',
    ]);
    const last = received.at(-1)!;
    expect(last.rcpt).toEqual(['a@example.com', 'full@example.com']);
    expect(last.raw).toContain('Subject: Eider test message');
  });

  it('exits 0 when every recipient got 250', async () => {
    expect(
      await deliverCommand(['--to', 'b@example.com', '--host', '127.0.0.1', '--port', String(port)]),
    ).toBe(0);
    expect(output).toBe('b@example.com: 250 2.0.0 saved\n');
  });

  it.each([[[]], [['--to']], [['--to', 'a@b', '--bogus', 'x']], [['--to', 'a@b', '--port', 'http']]])(
    'refuses bad arguments %j with usage and exit code 2',
    async (args) => {
      expect(await deliverCommand(args)).toBe(2);
      expect(errors).toContain('usage: eider deliver');
    },
  );

  it('reports an unreachable server', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = new SMTPServer({ logger: false });
      probe.listen(0, '127.0.0.1', () => {
        const free = (probe.server.address() as AddressInfo).port;
        probe.close(() => resolve(free));
      });
    });
    expect(
      await deliverCommand(['--to', 'a@example.com', '--host', '127.0.0.1', '--port', String(closed)]),
    ).toBe(1);
    expect(errors).toMatch(/eider deliver: LMTP 127\.0\.0\.1:\d+: /);
  });
});
