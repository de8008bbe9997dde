import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { formatBodyStructure } from './imap-wire.serializer';
import { parseMessageSync } from './message.parser';
import { messageSize, rebuildToBuffer } from './message-rebuilder';
import { MimeTreeParser } from './mime-tree.parser';
import type { MimeNode } from './mime-tree.types';
import { chunksOf, parseChunks, seededRandom } from './testing/mime-test.helpers';

const CORPUS = '/work/shared/corpus/mail-fixtures';
const corpusPresent = existsSync(CORPUS);

function listEml(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return listEml(path);
      return name.endsWith('.eml') ? [path] : [];
    });
}

/** Structure without the raw bytes, for comparing parses of the same input. */
function shape(node: MimeNode): unknown {
  return {
    kind: node.kind,
    mediaType: node.contentType.mediaType,
    header: node.header.length,
    body: [node.bodySize, node.bodyLines, node.bodyBareLfs],
    defects: node.defects,
    parts: node.multipart?.parts.map((p) => [p.delimiter.toString('latin1'), shape(p.node)]) ?? null,
    pre: node.multipart?.preamble?.size ?? null,
    close: node.multipart?.closeDelimiter?.toString('latin1') ?? null,
    epi: node.multipart?.epilogue?.size ?? null,
    message: node.message ? shape(node.message) : null,
  };
}

describe.skipIf(!corpusPresent)(
  `round trip of ${CORPUS}${corpusPresent ? '' : ' (skipped: corpus directory is missing)'}`,
  () => {
    const files = corpusPresent ? listEml(CORPUS) : [];

    it('finds the fixture messages', () => {
      expect(files.length).toBeGreaterThanOrEqual(100);
    });

    it.each(files.map((f, i) => [relative(CORPUS, f), f, i] as const))('%s', async (_name, file, index) => {
      const raw = readFileSync(file);
      const whole = parseMessageSync(raw);
      expect((await rebuildToBuffer(whole.tree)).equals(raw)).toBe(true);
      expect(whole.summary.size).toBe(raw.length);

      const random = seededRandom(index + 1);
      const chunked = await parseChunks(chunksOf(raw, { random, max: 300 }));
      expect((await rebuildToBuffer(chunked.tree)).equals(raw)).toBe(true);
      expect(shape(chunked.tree)).toEqual(shape(whole.tree));
      expect(formatBodyStructure(chunked.summary.bodyStructure, { extended: true })).toBe(
        formatBodyStructure(whole.summary.bodyStructure, { extended: true }),
      );

      if (index % 8 === 0) {
        const bytewise = await parseChunks(chunksOf(raw, 1));
        expect((await rebuildToBuffer(bytewise.tree)).equals(raw)).toBe(true);
        expect(shape(bytewise.tree)).toEqual(shape(whole.tree));
      }
    });
  },
);

async function roundTrip(raw: Buffer, chunk = 7): Promise<MimeNode> {
  const whole = parseMessageSync(raw).tree;
  expect((await rebuildToBuffer(whole)).equals(raw)).toBe(true);
  expect(messageSize(whole)).toBe(raw.length);
  const chunked = (await parseChunks(chunksOf(raw, chunk))).tree;
  expect((await rebuildToBuffer(chunked)).equals(raw)).toBe(true);
  expect(shape(chunked)).toEqual(shape(whole));
  return whole;
}

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'latin1');

describe('broken and unusual input', () => {
  it('keeps an empty message', async () => {
    const tree = await roundTrip(Buffer.alloc(0));
    expect(tree.kind).toBe('leaf');
    expect(tree.header.length).toBe(0);
    expect(tree.bodySize).toBe(0);
  });

  it('keeps a message with an empty body', async () => {
    const tree = await roundTrip(crlf(['Subject: hi', '', '']));
    expect(tree.header.toString()).toBe('Subject: hi\r\n\r\n');
    expect(tree.body).toMatchObject({ kind: 'inline', size: 0 });
  });

  it('keeps a headers-only message without a final line break', async () => {
    const tree = await roundTrip(crlf(['Subject: only headers', 'From: a@example.com']));
    expect(tree.headers).toEqual([
      { key: 'subject', value: 'only headers' },
      { key: 'from', value: 'a@example.com' },
    ]);
    expect(tree.bodySize).toBe(0);
  });

  it('parses bare-LF multiparts and leaves the LFs alone', async () => {
    const raw = Buffer.from(
      'Content-Type: multipart/mixed; boundary=b\n\npre\n--b\nContent-Type: text/plain\n\nhello\nworld\n--b\n\nsecond\n--b--\nepi\n',
    );
    const tree = await roundTrip(raw);
    const parts = tree.multipart?.parts ?? [];
    expect(parts).toHaveLength(2);
    expect(parts[0]?.delimiter.toString()).toBe('\n--b\n');
    expect(parts[0]?.node.body?.size).toBe('hello\nworld'.length);
    expect(parts[0]?.node.bodyLines).toBe(1);
    expect(tree.multipart?.closeDelimiter?.toString()).toBe('\n--b--');
    expect(tree.multipart?.epilogue?.size).toBe('\nepi\n'.length);
    expect(tree.bodyBareLfs).toBe(tree.bodyLines);
  });

  it('handles a missing final line break after the close delimiter and in leaves', async () => {
    const tree = await roundTrip(
      crlf(['Content-Type: multipart/mixed; boundary="x"', '', '--x', '', 'no newline at end', '--x--']),
    );
    expect(tree.multipart?.parts[0]?.node.body?.size).toBe('no newline at end'.length);
    expect(tree.multipart?.epilogue?.size ?? 0).toBe(0);
    const leaf = await roundTrip(Buffer.from('Subject: x\r\n\r\nbody without newline'));
    expect(leaf.body?.size).toBe(20);
    expect(leaf.bodyLines).toBe(0);
  });

  it('keeps 10,000 header lines', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `X-Filler-${i}: value ${i}`);
    const tree = await roundTrip(crlf([...lines, 'Subject: last', '', 'body']), 4096);
    expect(tree.headers).toHaveLength(10_001);
    expect(tree.headers[9_999]).toEqual({ key: 'x-filler-9999', value: 'value 9999' });
    expect(tree.body?.size).toBe(4);
  });

  it('streams a 5 MB line without a newline through a multipart body', async () => {
    const long = Buffer.alloc(5 * 1024 * 1024, 'a');
    const raw = Buffer.concat([
      crlf(['Content-Type: multipart/mixed; boundary=zz', '', '--zz', '', '']),
      long,
      Buffer.from('\r\n--zz--\r\n'),
    ]);
    const tree = await roundTrip(raw, 65_536);
    expect(tree.multipart?.parts[0]?.node.body?.size).toBe(long.length);
  });

  it('turns an oversized header into body instead of buffering it', async () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: x\r\nX-Long: '),
      Buffer.alloc(300_000, 'h'),
      Buffer.from('\r\n\r\nbody'),
    ]);
    const parser = new MimeTreeParser({ maxHeaderSize: 64 * 1024 });
    for (const c of chunksOf(raw, 10_000)) parser.write(c);
    const tree = parser.end();
    expect(tree.header.toString()).toBe('Subject: x\r\n');
    expect(tree.defects).toContain('HEADER_TOO_LARGE');
    expect(tree.bodySize).toBe(raw.length - 12);
    expect((await rebuildToBuffer(tree)).equals(raw)).toBe(true);
  });

  it('caps nesting at 50 and keeps deeper content as opaque bytes', async () => {
    const depth = 60;
    let body = 'Content-Type: text/plain\r\n\r\ninnermost\r\n';
    for (let i = depth - 1; i >= 0; i--) {
      body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}--n${i}--\r\n`;
    }
    const tree = await roundTrip(Buffer.from(body));
    let node: MimeNode = tree;
    let levels = 0;
    while (node.kind === 'multipart') {
      node = node.multipart?.parts[0]?.node as MimeNode;
      levels++;
    }
    expect(levels).toBe(50);
    expect(node.defects).toContain('NESTING_TOO_DEEP');
    expect(node.contentType.mediaType).toBe('multipart/mixed');
    expect(node.body?.kind === 'inline' && node.body.data.toString()).toContain('innermost');
  });

  it('keeps a multipart whose boundary never appears as preamble', async () => {
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary=expected',
      '',
      '--other',
      '',
      'text',
      '--other--',
      '',
    ]);
    const tree = await roundTrip(raw);
    expect(tree.kind).toBe('multipart');
    expect(tree.defects).toContain('NO_PARTS');
    expect(tree.multipart?.preamble?.size).toBe(tree.bodySize);
    expect(formatBodyStructure(parseMessageSync(raw).summary.bodyStructure, { extended: false })).toBe(
      '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0) "mixed")',
    );
  });

  it('treats a multipart without boundary parameter as a leaf', async () => {
    const tree = await roundTrip(crlf(['Content-Type: multipart/mixed', '', '--a', 'x']));
    expect(tree.kind).toBe('leaf');
    expect(tree.defects).toEqual(['MISSING_BOUNDARY']);
  });

  it('does not confuse a longer boundary that shares a prefix', async () => {
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary=ab',
      '',
      '--ab',
      'Content-Type: multipart/alternative; boundary=abc',
      '',
      '--abc',
      '',
      'inner',
      '--abcd is text',
      '--abc--',
      '--ab  ',
      '',
      'second',
      '--ab--',
      '',
    ]);
    const tree = await roundTrip(raw);
    const outer = tree.multipart?.parts ?? [];
    expect(outer).toHaveLength(2);
    expect(outer[1]?.delimiter.toString()).toBe('\r\n--ab  \r\n');
    const inner = outer[0]?.node.multipart?.parts ?? [];
    expect(inner).toHaveLength(1);
    expect(inner[0]?.node.body?.kind === 'inline' && inner[0].node.body.data.toString()).toBe(
      'inner\r\n--abcd is text',
    );
  });

  it('ends an unclosed inner multipart at the outer boundary', async () => {
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary=out',
      '',
      '--out',
      'Content-Type: multipart/alternative; boundary=in',
      '',
      '--in',
      '',
      'a',
      '--out',
      '',
      'b',
      '--out--',
    ]);
    const tree = await roundTrip(raw);
    const first = tree.multipart?.parts[0]?.node;
    expect(first?.defects).toContain('UNCLOSED_MULTIPART');
    expect(first?.multipart?.parts[0]?.node.bodySize).toBe(1);
    expect(tree.multipart?.parts).toHaveLength(2);
  });

  it('keeps text after the close delimiter on the same line as epilogue', async () => {
    const tree = await roundTrip(
      crlf(['Content-Type: multipart/mixed; boundary=q', '', '--q', '', 'x', '--q-- trailing', 'more', '']),
    );
    expect(tree.multipart?.closeDelimiter?.toString()).toBe('\r\n--q--');
    expect(tree.multipart?.epilogue?.kind === 'inline' && tree.multipart.epilogue.data.toString()).toBe(
      ' trailing\r\nmore\r\n',
    );
  });

  it('parses 8-bit headers without throwing', async () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: caf'),
      Buffer.from([0xe9]),
      Buffer.from('\r\nFrom: J\u00fcrgen <j@example.com>\r\n\r\nx'),
    ]);
    const tree = await roundTrip(raw);
    expect(tree.headers[0]?.value).toBe('caf\u00e9');
    expect(tree.headers[1]?.value).toBe('J\u00fcrgen <j@example.com>');
  });

  it('parses message/rfc822 parts as messages unless they are transfer-encoded', async () => {
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'Content-Type: message/rfc822',
      '',
      'Subject: inner',
      'Content-Type: text/plain',
      '',
      'inner body',
      '--m',
      'Content-Type: message/rfc822',
      'Content-Transfer-Encoding: base64',
      '',
      'U3ViamVjdDogeA0KDQp5',
      '--m--',
    ]);
    const tree = await roundTrip(raw);
    const [first, second] = tree.multipart?.parts ?? [];
    expect(first?.node.kind).toBe('message');
    expect(first?.node.message?.headers[0]).toEqual({ key: 'subject', value: 'inner' });
    expect(first?.node.bodySize).toBe('Subject: inner\r\nContent-Type: text/plain\r\n\r\ninner body'.length);
    expect(second?.node.kind).toBe('leaf');
    expect(second?.node.defects).toContain('ENCODED_MESSAGE');
  });

  it('defaults multipart/digest children to message/rfc822', async () => {
    const tree = await roundTrip(
      crlf([
        'Content-Type: multipart/digest; boundary=d',
        '',
        '--d',
        '',
        'Subject: one',
        '',
        'body',
        '--d--',
      ]),
    );
    const child = tree.multipart?.parts[0]?.node;
    expect(child?.contentType.mediaType).toBe('message/rfc822');
    expect(child?.message?.headers[0]?.value).toBe('one');
  });

  it('stops recognising boundaries once the part budget is spent', async () => {
    const parts = Array.from({ length: 40 }, (_, i) => `--p\r\n\r\npart ${i}\r\n`).join('');
    const raw = Buffer.from(`Content-Type: multipart/mixed; boundary=p\r\n\r\n${parts}--p--\r\n`);
    const parser = new MimeTreeParser({ maxParts: 10 });
    parser.write(raw);
    const tree = parser.end();
    expect(tree.multipart?.parts.length).toBe(9);
    expect((await rebuildToBuffer(tree)).equals(raw)).toBe(true);
  });

  it('attributes a CR split from its LF by a chunk boundary to the delimiter', async () => {
    const raw = crlf(['Content-Type: multipart/mixed; boundary=s', '', '--s', '', 'abc', '--s--']);
    const split = raw.indexOf('abc') + 3;
    const tree = (await parseChunks([raw.subarray(0, split + 1), raw.subarray(split + 1)])).tree;
    expect(tree.multipart?.parts[0]?.node.body?.size).toBe(3);
    expect(tree.multipart?.closeDelimiter?.toString()).toBe('\r\n--s--');
  });
});
