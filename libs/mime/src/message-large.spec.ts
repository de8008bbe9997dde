import { randomBytes } from 'node:crypto';

import { isMimeError, MimeError } from './mime-error';
import { MessageParser, MessageParserStream, parseMessage } from './message.parser';
import { rebuildChunks, rebuildToBuffer } from './message-rebuilder';
import { readSection } from './section.reader';
import { chunksOf, memoryStore, seededRandom } from './testing/mime-test.helpers';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const MB = 1024 * 1024;

/** Base64 wrapped at 76 columns, built with buffer copies because regex splitting 50 MB is slow. */
function base64Lines(data: Buffer): Buffer {
  const b64 = Buffer.from(data.toString('base64'), 'latin1');
  const lines = Math.ceil(b64.length / 76);
  const out = Buffer.allocUnsafe(b64.length + (lines - 1) * 2);
  let o = 0;
  for (let i = 0; i < b64.length; i += 76) {
    if (i > 0) o += out.write('\r\n', o, 'latin1');
    o += b64.copy(out, o, i, Math.min(i + 76, b64.length));
  }
  return out;
}

/** A message with a text part and base64 attachments of the given sizes in MiB. */
function bigMessage(sizes: number[]): Buffer {
  const head = [
    'From: Big Sender <big@example.com>',
    'To: you@example.com',
    'Subject: large',
    'Message-ID: <large@example.com>',
    'Content-Type: multipart/mixed; boundary="big-boundary"',
    '',
    'preamble',
    '--big-boundary',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See attachments.',
  ].join('\r\n');
  const parts: Buffer[] = [Buffer.from(head)];
  sizes.forEach((mb, i) => {
    const partHeader = [
      '',
      '--big-boundary',
      `Content-Type: application/octet-stream; name="file${i}.bin"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="file${i}.bin"`,
      '',
      '',
    ].join('\r\n');
    parts.push(Buffer.from(partHeader), base64Lines(randomBytes(mb * MB)));
  });
  parts.push(Buffer.from('\r\n--big-boundary--\r\n'));
  return Buffer.concat(parts);
}

describe('large messages with external body storage', () => {
  const raw = bigMessage([16, 12, 8]);
  const small = bigMessage([2, 1, 1]);

  it('rebuilds a ~50 MB message exactly while keeping bodies out of the tree', async () => {
    expect(raw.length).toBeGreaterThan(48 * MB);
    const store = memoryStore();
    const threshold = 64 * 1024;
    const parser = new MessageParser({ sink: store.sink, inlineThreshold: threshold });
    let written = 0;
    let worstBacklog = 0;
    for (const chunk of chunksOf(raw, 256 * 1024)) {
      parser.write(chunk);
      await parser.drain();
      written += chunk.length;
      // Whatever the sink has not received yet is what the parser holds on to.
      worstBacklog = Math.max(worstBacklog, written - store.delivered());
    }
    parser.end();
    await parser.drain();
    const { tree, summary } = parser.result();

    const parts = tree.multipart?.parts ?? [];
    expect(parts.map((p) => p.node.body?.kind)).toEqual(['inline', 'external', 'external', 'external']);
    expect(worstBacklog).toBeLessThan(threshold + 256 * 1024 + 16 * 1024);
    expect(store.blobs.size).toBe(3);
    expect(summary.size).toBe(raw.length);
    expect(summary.attachments.map((a) => a.filename)).toEqual(['file0.bin', 'file1.bin', 'file2.bin']);
    // The estimate cannot see base64 padding in external bodies, so it may be up to 2 bytes high.
    summary.attachments.forEach((a, i) => {
      const exact = [16, 12, 8][i]! * MB;
      expect(a.decodedSize - exact).toBeGreaterThanOrEqual(0);
      expect(a.decodedSize - exact).toBeLessThanOrEqual(2);
    });

    const rebuilt: Buffer[] = [];
    for await (const chunk of rebuildChunks(tree, { readExternal: store.read })) rebuilt.push(chunk);
    expect(Buffer.concat(rebuilt).equals(raw)).toBe(true);

    store.reads.length = 0;
    const slice = await readSection(tree, '3<1000.500>', { readExternal: store.read });
    const bodyStart = raw.indexOf('\r\n\r\n', raw.indexOf('file1.bin"\r\n')) + 4;
    expect(slice?.equals(raw.subarray(bodyStart + 1000, bodyStart + 1500))).toBe(true);
    expect(store.reads).toEqual([{ key: expect.any(String) as string, start: 1000, end: 1500 }]);
  });

  it('works through the Writable adapter with a Readable source', async () => {
    const store = memoryStore();
    const sink = new MessageParserStream({ sink: store.sink });
    await pipeline(Readable.from(chunksOf(small, { random: seededRandom(5), max: 300_000 })), sink);
    const { tree } = await sink.parsed;
    expect((await rebuildToBuffer(tree, { readExternal: store.read })).equals(small)).toBe(true);
  });

  it('rejects an oversized message as soon as the limit is crossed', async () => {
    const store = memoryStore();
    let fed = 0;
    function* source(): Generator<Buffer> {
      for (const chunk of chunksOf(raw, MB)) {
        fed += chunk.length;
        yield chunk;
      }
    }
    const error = await parseMessage(source(), { sink: store.sink, maxMessageSize: 30 * MB }).catch(
      (e: unknown) => e,
    );
    expect(isMimeError(error) && error.code).toBe('MESSAGE_TOO_LARGE');
    expect(fed).toBeLessThanOrEqual(31 * MB);
    // The first attachment was complete and stored; it must be reported as an orphan.
    expect(store.discarded.length).toBeGreaterThan(0);
    expect(store.aborted).toBe(1);
  });

  it('reports sink failures as BODY_SINK_FAILED', async () => {
    const error = await parseMessage(raw.subarray(0, 2 * MB), {
      inlineThreshold: 1024,
      sink: {
        open: () => ({
          write: () => Promise.reject(new Error('disk full')),
          end: () => 'never',
        }),
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MimeError);
    expect((error as MimeError).code).toBe('BODY_SINK_FAILED');
  });
});
