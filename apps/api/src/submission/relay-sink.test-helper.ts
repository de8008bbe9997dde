import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Sunk {
  from: string;
  to: string[];
  raw: string;
}

export interface RelaySink {
  messages: Sunk[];
  url: string;
  stop: () => Promise<void>;
}

/**
 * A plain local SMTP server standing in for the relay; it keeps every message it accepts. Recipients
 * starting with `refused` are rejected with 550, to exercise relay failures.
 */
export const startRelaySink = async (): Promise<RelaySink> => {
  const messages: Sunk[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // nodemailer would try STARTTLS against a server that offers it; a local sink has no certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      if (address.address.startsWith('refused')) {
        callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback(null, 'Ok: queued as SINK1');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    messages,
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export const headerBlock = (raw: string): string => raw.slice(0, raw.indexOf('\r\n\r\n'));
/** One unfolded header value from a raw message, or null. */
export const header = (raw: string, name: string): string | null => {
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(headerBlock(raw));
  return match?.[1]?.replace(/\r\n[ \t]+/g, ' ').trim() ?? null;
};
