import type { ImapFlow } from 'imapflow';
import { connectImapFlow, useImapProtocols } from '../support/imapflow-client';
import { type RunningProtocols, type TestAccount } from '../support/protocols-process';
import { sampleHeader } from '../support/sample-message';

/** Fields of ImapFlow that are not in its typings but tell what the connection negotiated. */
interface ImapFlowInternals {
  _deflate?: unknown;
  socket: { bytesRead: number };
}

const connect = (
  server: RunningProtocols,
  account: TestAccount,
  disableCompression = false,
): Promise<ImapFlow> => connectImapFlow(server, account, { flow: { disableCompression } });

const internals = (client: ImapFlow): ImapFlowInternals => client as unknown as ImapFlowInternals;

describe('IMAP COMPRESS=DEFLATE and BINARY with imapflow', () => {
  const suite = useImapProtocols();

  it('negotiates DEFLATE and returns BODY[] byte for byte through it', async () => {
    const client = await connect(suite.server, suite.account);
    try {
      expect(client.capabilities.has('COMPRESS=DEFLATE')).toBe(true);
      expect(internals(client)._deflate).toBeTruthy();
      const text = Array.from({ length: 40_000 }, (_, i) => `line ${i % 50} of a compressible body, ünïcödé`);
      const raw = Buffer.from(
        [...sampleHeader('Compressed', 'text/plain; charset=utf-8'), '', ...text, ''].join('\r\n'),
      );
      const appended = await client.append('INBOX', raw);
      const lock = await client.getMailboxLock('INBOX');
      try {
        const before = internals(client).socket.bytesRead;
        const message = await client.fetchOne(
          String(appended && appended.uid),
          { source: true },
          { uid: true },
        );
        const wire = internals(client).socket.bytesRead - before;
        expect(message && Buffer.compare(message.source ?? Buffer.alloc(0), raw)).toBe(0);
        // The body only fits in this many bytes on the wire if it really was compressed.
        expect(wire).toBeLessThan(raw.length / 10);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('appends NUL-bearing content as literal8 and fetches decoded parts with BINARY', async () => {
    const client = await connect(suite.server, suite.account);
    try {
      expect(client.capabilities.has('BINARY')).toBe(true);
      const payload = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256));
      const binaryBody = Buffer.from([0x61, 0x00, 0x62, 0x00, 0x0d, 0x0a]);
      const raw = Buffer.concat([
        Buffer.from(
          [
            ...sampleHeader('Binary parts', 'multipart/mixed; boundary="xyz"'),
            '',
            '--xyz',
            'Content-Type: application/octet-stream',
            'Content-Transfer-Encoding: base64',
            '',
            ...(payload.toString('base64').match(/.{1,76}/g) ?? []),
            '--xyz',
            'Content-Type: text/plain; charset=utf-8',
            'Content-Transfer-Encoding: quoted-printable',
            '',
            'caf=C3=A9 au l=',
            'ait',
            '--xyz',
            'Content-Type: application/octet-stream',
            'Content-Transfer-Encoding: binary',
            '',
            '',
          ].join('\r\n'),
        ),
        binaryBody,
        Buffer.from('--xyz--\r\n'),
      ]);
      const appended = await client.append('INBOX', raw);
      expect(appended).toMatchObject({ uid: expect.any(Number) });
      const lock = await client.getMailboxLock('INBOX');
      try {
        const uid = String(appended && appended.uid);
        const message = await client.fetchOne(
          uid,
          { bodyParts: ['1', '2', '3'], source: true },
          { uid: true, binary: true },
        );
        // RFC 3516: the NUL-bearing part is stored base64-encoded so BODY[] never carries NUL; the bytes
        // before it are kept exactly, and BINARY still returns the original part.
        const source = (message && message.source) || Buffer.alloc(0);
        const untouched = raw.indexOf('Content-Transfer-Encoding: binary');
        expect(source.includes(0)).toBe(false);
        expect(source.subarray(0, untouched)).toEqual(raw.subarray(0, untouched));
        expect(source.toString('latin1')).toContain(
          'Content-Transfer-Encoding: base64\r\n\r\nYQBiAA==\r\n--xyz--\r\n',
        );
        expect(message && message.bodyParts?.get('1')).toEqual(payload);
        expect(message && message.bodyParts?.get('2')?.toString('utf8')).toBe('café au lait');
        // The CRLF before the boundary belongs to the delimiter, not to the part.
        expect(message && message.bodyParts?.get('3')).toEqual(binaryBody.subarray(0, 4));
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('still serves clients that do not compress', async () => {
    const client = await connect(suite.server, suite.account, true);
    try {
      expect(internals(client)._deflate).toBeFalsy();
      const status = await client.status('INBOX', { messages: true });
      expect(status && status.messages).toEqual(expect.any(Number));
    } finally {
      await client.logout();
    }
  });
});
