import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { MongoClient, type Db, type Document, type ObjectId } from 'mongodb';
import { SMTPServer } from 'smtp-server';

/** The run's database, read directly: e2e tests check what was stored without our libs. */
export const openTestDb = async (): Promise<{ client: MongoClient; db: Db }> => {
  const uri = process.env['MONGODB_URI'];
  const name = process.env['EIDER_MONGO__DATABASE'];
  if (!uri || !name) throw new Error('MONGODB_URI and EIDER_MONGO__DATABASE come from `npm test`');
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 });
  return { client, db: client.db(name) };
};

export const userIdOf = async (db: Db, username: string): Promise<ObjectId> => {
  const user = await db.collection('users').findOne({ username: username.toLowerCase() });
  if (!user) throw new Error(`no user ${username}`);
  return user['_id'];
};

/**
 * Stored copies of a message by Message-ID (with angle brackets stripped, as the store keeps it), each with
 * its MIME tree and texts from `message_bodies` (or inline, for documents written before the split).
 */
export const copiesOf = async (
  db: Db,
  messageId: string,
): Promise<(Document & { mailboxPath: string; username: string })[]> => {
  const msgid = messageId.replace(/^<|>$/g, '');
  const messages = await db
    .collection('messages')
    .find({ msgid: { $in: [msgid, `<${msgid}>`] } })
    .toArray();
  const result: (Document & { mailboxPath: string; username: string })[] = [];
  for (const message of messages) {
    const mailbox = await db.collection('mailboxes').findOne({ _id: message['mailbox'] as ObjectId });
    const user = await db.collection('users').findOne({ _id: message['user'] as ObjectId });
    const body = await db.collection('message_bodies').findOne({ _id: message['_id'] });
    result.push({
      ...message,
      ...(body ? { tree: body['tree'], text: body['text'], html: body['html'] } : {}),
      mailboxPath: String(mailbox?.['path']),
      username: String(user?.['username']),
    });
  }
  return result;
};

export interface SinkMessage {
  from: string;
  to: string[];
  raw: string;
}

/** The outbound relay stand-in: an smtp-server in the test process. */
export const startSink = async (): Promise<{
  port: number;
  messages: SinkMessage[];
  stop: () => Promise<void>;
}> => {
  const messages: SinkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

export const waitUntil = async (
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

export interface PythonLmtpResult {
  lhlo: number;
  starttls?: number;
  mail?: [number, string];
  rcpt: [number, string][];
  data: [number, string][];
  error?: string;
}

/**
 * One delivery through Python's smtplib.LMTP (lmtp_client.py beside this file). Asynchronous on purpose:
 * the relay sink lives in this process and must keep answering while Python waits for its replies.
 */
export const pythonLmtp = async (request: {
  port: number;
  sender: string;
  recipients: string[];
  message?: string;
  messageBytes?: Buffer;
  smtputf8?: boolean;
  starttls?: boolean;
}): Promise<PythonLmtpResult> => {
  const input = JSON.stringify({
    host: '127.0.0.1',
    port: request.port,
    sender: request.sender,
    recipients: request.recipients,
    smtputf8: request.smtputf8 ?? false,
    starttls: request.starttls ?? false,
    ...(request.messageBytes
      ? { message_b64: request.messageBytes.toString('base64') }
      : { message: request.message }),
  });
  const child = spawn('python3', [join(__dirname, 'lmtp_client.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`lmtp_client.py failed (${code}): ${stderr}`);
  return JSON.parse(stdout) as PythonLmtpResult;
};

let sequence = 0;
export const messageId = (label: string): string =>
  `<${label}.${process.pid}.${Date.now()}.${++sequence}@e2e.example>`;

export const sampleMessage = (
  id: string,
  headers: Record<string, string> = {},
  body = 'Hello from the e2e test.\r\n',
): string =>
  [
    ...Object.entries({
      From: 'Sender <sender@remote.example>',
      To: 'someone@e2e.example',
      Subject: 'e2e',
      'Message-ID': id,
      Date: new Date().toUTCString(),
      ...headers,
    }).map(([key, value]) => `${key}: ${value}`),
    '',
    body,
  ].join('\r\n');
