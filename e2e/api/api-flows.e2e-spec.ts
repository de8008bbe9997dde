import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { startSink, waitUntil } from '../lmtp/lmtp-e2e.helpers';
import { apiCall, startApi, type RunningApi } from '../support/api-process';
import { startProtocols, type RunningProtocols } from '../support/protocols-process';

// A 1x1 PNG: the inline image the HTML part shows through cid:.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n% a tiny stand-in document\n%%EOF\n');

const seedMessage = (to: string, messageId: string): string =>
  [
    'From: Sender <sender@example.org>',
    `To: ${to}`,
    'Subject: Seed flow with an attachment and an inline image',
    `Message-ID: <${messageId}>`,
    'Date: Sat, 28 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/related; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Logo: <img src="cid:logo@eider" alt="logo"> and a tracker <img src="https://tracker.example/p.gif"></p>',
    '--inner',
    'Content-Type: image/png',
    'Content-ID: <logo@eider>',
    'Content-Disposition: inline; filename="logo.png"',
    'Content-Transfer-Encoding: base64',
    '',
    PNG.toString('base64'),
    '--inner--',
    '--outer',
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    PDF.toString('base64'),
    '--outer--',
    '',
  ].join('\r\n');

interface MailboxView {
  id: string;
  path: string;
  specialUse: string | null;
  total?: number;
  unseen?: number;
}

describe('REST API on the real stack (built api and protocols processes)', () => {
  let api: RunningApi;
  let protocols: RunningProtocols;
  let sink: Awaited<ReturnType<typeof startSink>>;
  const suffix = randomBytes(3).toString('hex');

  beforeAll(async () => {
    sink = await startSink();
    [api, protocols] = await Promise.all([
      startApi({ EIDER_LMTP__RELAY__URL: `smtp://127.0.0.1:${sink.port}` }),
      startProtocols({ EIDER_POP3__ENABLED: 'false' }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([api?.stop(), protocols?.stop(), sink?.stop()]);
  });

  const createUser = async (label: string) => {
    const username = `${label}${suffix}`;
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const created = await apiCall(api, 'POST', '/users', { json: { username, password } });
    expect(created.status).toBe(200);
    const id = created.body['id'] as string;
    const address = `${username}@api.example`;
    const added = await apiCall(api, 'POST', `/users/${id}/addresses`, { json: { address } });
    expect(added.status).toBe(200);
    const login = await apiCall(api, 'POST', '/authenticate', { token: null, json: { username, password } });
    expect(login.status).toBe(200);
    return { id, username, password, address, token: login.body['token'] as string };
  };

  const mailboxes = async (user: { id: string; token: string }): Promise<MailboxView[]> => {
    const response = await apiCall<{ results: MailboxView[] }>(
      api,
      'GET',
      `/users/${user.id}/mailboxes?counters=true`,
      {
        token: user.token,
      },
    );
    expect(response.status).toBe(200);
    return response.body.results;
  };
  const mailboxBy = async (user: { id: string; token: string }, path: string): Promise<MailboxView> => {
    const found = (await mailboxes(user)).find((mailbox) => mailbox.path === path);
    if (!found) throw new Error(`no ${path}`);
    return found;
  };

  it('seed flow: create a user, add an address, deliver over LMTP, read it with its attachment and inline image', async () => {
    const alice = await createUser('seed');
    const messageId = `seed-${suffix}@example.org`;
    const raw = seedMessage(alice.address, messageId);
    const transport = createTransport({
      host: '127.0.0.1',
      port: protocols.lmtpPort,
      lmtp: true,
      ignoreTLS: true,
    });
    const info = await transport.sendMail({
      envelope: { from: 'sender@example.org', to: [alice.address] },
      raw,
    });
    expect(info.accepted).toEqual([alice.address]);

    const inbox = await mailboxBy(alice, 'INBOX');
    expect(inbox).toMatchObject({ total: 1, unseen: 1, specialUse: null });
    const list = await apiCall<{ results: Record<string, unknown>[] }>(
      api,
      'GET',
      `/users/${alice.id}/mailboxes/${inbox.id}/messages`,
      {
        token: alice.token,
      },
    );
    expect(list.status).toBe(200);
    expect(list.body.results).toHaveLength(1);
    const summary = list.body.results[0]!;
    expect(summary).toMatchObject({
      subject: 'Seed flow with an attachment and an inline image',
      attachments: true,
      seen: false,
    });

    const base = `/users/${alice.id}/mailboxes/${inbox.id}/messages/${String(summary['id'])}`;
    const message = await apiCall<{
      html: string[];
      attachments: { id: string; filename: string; contentType: string }[];
    }>(api, 'GET', base, { token: alice.token });
    expect(message.status).toBe(200);
    const html = message.body.html.join('');
    expect(html).not.toContain('cid:');
    expect(html).not.toContain('tracker.example');
    expect(message.body['remoteImages']).toMatchObject({ blocked: true, count: 1 });
    const pdf = message.body.attachments.find((attachment) => attachment.filename === 'report.pdf');
    const png = message.body.attachments.find((attachment) => attachment.contentType === 'image/png');
    expect(pdf).toBeDefined();
    expect(png).toBeDefined();
    // The inline image's src is now the API URL of that attachment.
    expect(html).toContain(`${base}/attachments/${png!.id}`);

    const download = await apiCall(api, 'GET', `${base}/attachments/${pdf!.id}`, { token: alice.token });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(download.headers.get('content-disposition')).toMatch(/attachment;.*report\.pdf/);
    expect(download.raw.equals(PDF)).toBe(true);
    const image = await apiCall(api, 'GET', `${base}/attachments/${png!.id}`, { token: alice.token });
    expect(image.raw.equals(PNG)).toBe(true);

    const eml = await apiCall(api, 'GET', `${base}/message.eml`, { token: alice.token });
    expect(eml.raw.toString('utf8')).toContain(`Message-ID: <${messageId}>`);
  });

  it('uploads a raw message and reads it back byte for byte', async () => {
    const bob = await createUser('upload');
    const drafts = await mailboxBy(bob, 'Drafts');
    // Bare LF and trailing spaces are the awkward cases; the store keeps them as sent.
    const raw = Buffer.from(`From: bob@api.example\nSubject: upload  \n\nline one  \nline two\n`);
    const upload = await apiCall(api, 'POST', `/users/${bob.id}/mailboxes/${drafts.id}/messages`, {
      token: bob.token,
      body: raw,
      contentType: 'message/rfc822',
    });
    expect(upload.status).toBe(200);
    const uid = (upload.body['message'] as { id: number }).id;
    const eml = await apiCall(
      api,
      'GET',
      `/users/${bob.id}/mailboxes/${drafts.id}/messages/${uid}/message.eml`,
      {
        token: bob.token,
      },
    );
    expect(eml.status).toBe(200);
    expect(eml.headers.get('content-type')).toMatch(/^message\/rfc822/);
    expect(eml.raw.equals(raw)).toBe(true);
  });

  it('flag and move changes made through the API reach an IMAP session', async () => {
    const carol = await createUser('imapsync');
    const inbox = await mailboxBy(carol, 'INBOX');
    const archive = await mailboxBy(carol, 'Archive');
    for (const n of [1, 2]) {
      const upload = await apiCall(api, 'POST', `/users/${carol.id}/mailboxes/${inbox.id}/messages`, {
        token: carol.token,
        body: Buffer.from(`From: x@example.org\r\nSubject: sync ${n}\r\n\r\nbody ${n}\r\n`),
        contentType: 'message/rfc822',
      });
      expect(upload.status).toBe(200);
    }
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: protocols.imapPort,
      secure: false,
      tls: { rejectUnauthorized: false },
      auth: { user: carol.username, pass: carol.password },
      logger: false,
    });
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      const flagged = new Promise<{ uid?: number; flags: Set<string> }>((resolve) =>
        client.on('flags', (event: { uid?: number; flags: Set<string> }) => resolve(event)),
      );
      const expunged = new Promise<void>((resolve) => client.on('expunge', () => resolve()));
      void client.idle().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));

      const flag = await apiCall(api, 'PUT', `/users/${carol.id}/mailboxes/${inbox.id}/messages/1`, {
        token: carol.token,
        json: { flagged: true, seen: true },
      });
      expect(flag.status).toBe(200);
      const event = await flagged;
      expect([...event.flags].sort()).toEqual(['\\Flagged', '\\Seen']);

      const move = await apiCall(api, 'PUT', `/users/${carol.id}/mailboxes/${inbox.id}/messages/2`, {
        token: carol.token,
        json: { moveTo: archive.id },
      });
      expect(move.status).toBe(200);
      await expunged;
      const status = await client.status('Archive', { messages: true });
      expect(status && status.messages).toBe(1);
    } finally {
      await client.logout().catch(() => undefined);
    }
  });

  it('submission reaches the relay with Bcc only in the envelope, and leaves a copy in Sent', async () => {
    const dave = await createUser('submit');
    const response = await apiCall(api, 'POST', `/users/${dave.id}/submit`, {
      token: dave.token,
      json: {
        to: [{ name: 'Erin', address: 'erin@remote.example' }],
        bcc: [{ address: 'hidden@remote.example' }],
        subject: 'Sent through the API',
        text: 'Hello from the submission route.',
      },
    });
    expect(response.status).toBe(200);
    await waitUntil(() => sink.messages.some((message) => message.raw.includes('Sent through the API')));
    const relayed = sink.messages.find((message) => message.raw.includes('Sent through the API'))!;
    expect(relayed.to.sort()).toEqual(['erin@remote.example', 'hidden@remote.example']);
    expect(relayed.raw).not.toMatch(/^Bcc:/im);
    expect(relayed.from).toBe(dave.address);
    const sent = await mailboxBy(dave, 'Sent');
    expect(sent.total).toBe(1);
    const copies = await apiCall<{ results: { subject: string; seen: boolean }[] }>(
      api,
      'GET',
      `/users/${dave.id}/mailboxes/${sent.id}/messages`,
      { token: dave.token },
    );
    expect(copies.body.results[0]).toMatchObject({ subject: 'Sent through the API', seen: true });
  });

  it('the updates stream (SSE) reports an LMTP delivery', async () => {
    const erin = await createUser('sse');
    const controller = new AbortController();
    const response = await fetch(`${api.baseUrl}/users/${erin.id}/updates`, {
      headers: { 'x-access-token': erin.token, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    let received = '';
    const reader = response.body!.getReader();
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += Buffer.from(value).toString('utf8');
      }
    })().catch(() => undefined);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const transport = createTransport({
        host: '127.0.0.1',
        port: protocols.lmtpPort,
        lmtp: true,
        ignoreTLS: true,
      });
      await transport.sendMail({
        envelope: { from: 'sender@example.org', to: [erin.address] },
        raw: `From: sender@example.org\r\nTo: ${erin.address}\r\nSubject: live\r\n\r\nlive update\r\n`,
      });
      await waitUntil(() => /event: ?exists/.test(received) || /"EXISTS"/.test(received), 5000);
      expect(received).toMatch(/^id: ?\S+/m);
    } finally {
      controller.abort();
      await pump;
    }
  });
});
