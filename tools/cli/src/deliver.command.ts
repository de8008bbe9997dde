import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { loadConfig } from '@eider/config';

const USAGE =
  'usage: eider deliver --to user@example.com [--to ...] [--from sender@example.com] [--file message.eml] [--host H] [--port P]';

interface DeliverArgs {
  to: string[];
  from: string;
  file: string | null;
  host: string | null;
  port: number | null;
}

const parseArgs = (args: string[]): DeliverArgs | string => {
  const parsed: DeliverArgs = {
    to: [],
    from: `eider-deliver@${hostname()}`,
    file: null,
    host: null,
    port: null,
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if (flag === '--help' || flag === '-h') return '';
    if (value === undefined || value.startsWith('--')) return `${flag ?? ''} needs a value`;
    i++;
    switch (flag) {
      case '--to':
        parsed.to.push(value);
        break;
      case '--from':
        parsed.from = value;
        break;
      case '--file':
        parsed.file = value;
        break;
      case '--host':
        parsed.host = value;
        break;
      case '--port': {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 1 || port > 65535) return `--port ${value} is not a port`;
        parsed.port = port;
        break;
      }
      default:
        return `unknown option ${flag}`;
    }
  }
  if (parsed.to.length === 0) return 'at least one --to is required';
  const bad = [...parsed.to, parsed.from].find((address) => /[\s<>]/.test(address));
  if (bad !== undefined) return `${bad} is not an address`;
  return parsed;
};

export const sampleMessage = (from: string, to: string[], now = new Date()): Buffer =>
  Buffer.from(
    [
      `From: <${from}>`,
      `To: ${to.map((address) => `<${address}>`).join(', ')}`,
      'Subject: Eider test message',
      `Date: ${now.toUTCString().replace(/GMT$/, '+0000')}`,
      `Message-ID: <${randomBytes(8).toString('hex')}@eider-deliver>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'This is a test message delivered by `eider deliver`.',
      '',
    ].join('\r\n'),
  );

/** Reads one complete reply at a time from an LMTP connection. */
class ReplyReader {
  private buffer = '';
  private wake: (() => void) | null = null;
  private ended: Error | null = null;

  constructor(socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake?.();
    });
    const end = (error?: Error) => {
      this.ended = error ?? new Error('the server closed the connection');
      this.wake?.();
    };
    socket.on('close', () => end());
    socket.on('error', end);
  }

  async next(): Promise<{ code: number; line: string }> {
    for (;;) {
      const match = /^(?:\d{3}-[^\n]*\n)*((\d{3}) [^\n]*?)\r?\n/.exec(this.buffer);
      if (match) {
        this.buffer = this.buffer.slice(match[0].length);
        return { code: Number(match[2]), line: match[1] ?? '' };
      }
      if (this.ended) throw this.ended;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

const dotStuff = (message: Buffer): Buffer => {
  const text = message.toString('latin1').replace(/(^|\n)\./g, '$1..');
  return Buffer.from(text.endsWith('\n') ? text : `${text}\r\n`, 'latin1');
};

/** One LMTP transaction; resolves with each recipient's final reply line. */
const deliver = async (
  host: string,
  port: number,
  from: string,
  to: string[],
  message: Buffer,
): Promise<{ recipient: string; code: number; line: string }[]> => {
  const socket = connect({ host, port });
  socket.setTimeout(120_000, () => socket.destroy(new Error('timed out waiting for the server')));
  const replies = new ReplyReader(socket);
  const command = async (line: string) => {
    socket.write(`${line}\r\n`, 'utf8');
    return replies.next();
  };
  try {
    const greeting = await replies.next();
    if (greeting.code !== 220) throw new Error(`server greeting: ${greeting.line}`);
    const lhlo = await command(`LHLO ${hostname()}`);
    if (lhlo.code !== 250) throw new Error(`LHLO: ${lhlo.line}`);
    const smtputf8 = [from, ...to].some((address) => /[\u0080-\uffff]/.test(address)) ? ' SMTPUTF8' : '';
    const mail = await command(`MAIL FROM:<${from}> SIZE=${message.length}${smtputf8}`);
    if (mail.code !== 250) throw new Error(`MAIL FROM: ${mail.line}`);
    const results: { recipient: string; code: number; line: string }[] = [];
    const accepted: number[] = [];
    for (const recipient of to) {
      const reply = await command(`RCPT TO:<${recipient}>`);
      results.push({ recipient, ...reply });
      if (reply.code === 250) accepted.push(results.length - 1);
    }
    if (accepted.length > 0) {
      const data = await command('DATA');
      if (data.code !== 354) throw new Error(`DATA: ${data.line}`);
      socket.write(dotStuff(message));
      socket.write('.\r\n');
      // RFC 2033 4.2: one reply per accepted recipient, in RCPT order.
      for (const index of accepted)
        results[index] = { recipient: to[index] ?? '', ...(await replies.next()) };
    }
    await command('QUIT').catch(() => undefined);
    return results;
  } finally {
    socket.destroy();
  }
};

/** `eider deliver`: delivers a sample message (or --file) over LMTP and prints each recipient's reply. */
export const deliverCommand = async (args: string[]): Promise<number> => {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed ? `eider deliver: ${parsed}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const { config } = loadConfig();
  const host = parsed.host ?? config.lmtp.host;
  const port = parsed.port ?? config.lmtp.port;
  let message: Buffer;
  try {
    message = parsed.file ? await readFile(parsed.file) : sampleMessage(parsed.from, parsed.to);
  } catch (error) {
    process.stderr.write(`eider deliver: cannot read ${parsed.file}: ${(error as Error).message}\n`);
    return 2;
  }
  let results;
  try {
    results = await deliver(host, port, parsed.from, parsed.to, message);
  } catch (error) {
    process.stderr.write(`eider deliver: LMTP ${host}:${port}: ${(error as Error).message}\n`);
    return 1;
  }
  for (const result of results) process.stdout.write(`${result.recipient}: ${result.line}\n`);
  return results.every((result) => result.code === 250) ? 0 : 1;
};
