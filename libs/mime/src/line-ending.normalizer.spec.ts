import { Readable } from 'node:stream';

import { LineEndingNormalizer, normalizeLineEndings } from './line-ending.normalizer';
import { parseMessageSync } from './message.parser';
import { messageSizeCrlf, rebuildMessage } from './message-rebuilder';
import { chunksOf } from './testing/mime-test.helpers';

async function collect(source: AsyncIterable<Buffer>): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of source) out.push(c);
  return Buffer.concat(out).toString('latin1');
}

describe('opt-in CRLF normalisation', () => {
  it('changes only bare LF, even when CR and LF are in different chunks', async () => {
    const input = Buffer.from('a\nb\r\nc\rd\n\ne\r');
    for (const size of [1, 2, 3, 50]) {
      expect(await collect(normalizeLineEndings(chunksOf(input, size)))).toBe('a\r\nb\r\nc\rd\r\n\r\ne\r');
    }
  });

  it('produces exactly messageSizeCrlf bytes from the rebuild stream', async () => {
    const raw = Buffer.from('Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b--\n');
    const { tree, summary } = parseMessageSync(raw);
    const normalised = await collect(rebuildMessage(tree).pipe(new LineEndingNormalizer()));
    expect(normalised).toBe(raw.toString('latin1').replace(/\n/g, '\r\n'));
    expect(messageSizeCrlf(tree)).toBe(normalised.length);
    expect(summary.sizeCrlf).toBe(normalised.length);
    expect(summary.size).toBe(raw.length);
  });

  it('is a no-op on CRLF input', async () => {
    const raw = Buffer.from('Subject: x\r\n\r\nbody\r\n');
    expect(await collect(Readable.from([raw]).pipe(new LineEndingNormalizer()))).toBe(raw.toString());
  });
});
