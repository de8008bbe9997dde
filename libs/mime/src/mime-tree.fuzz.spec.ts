import { formatBodyStructure, formatEnvelope } from './imap-wire.serializer';
import { parseMessageSync } from './message.parser';
import { rebuildToBuffer } from './message-rebuilder';
import type { MimeNode } from './mime-tree.types';
import { listParts } from './part-path.resolver';
import { readSection } from './section.reader';
import { chunksOf, parseChunks, seededRandom } from './testing/mime-test.helpers';

/*
 * Grammar-driven garbage: real MIME structure with deliberately wrong bits mixed in
 * (missing closes, look-alike boundaries, stray dashes, mixed line endings, 8-bit bytes,
 * truncation). Whatever comes out, parsing must not throw and the rebuild must be exact.
 */
function generate(random: () => number): Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const eol = (): string => pick(['\r\n', '\r\n', '\r\n', '\n', '\r']);
  const junk = (): string =>
    pick([
      'plain text',
      '--',
      '-',
      '--x',
      '',
      ' leading space',
      'caf\u00e9',
      '=?utf-8?Q?w=C3=B6rd?=',
      'a\u0000b',
      '--b0',
      '--b0--',
    ]);

  const entity = (depth: number, boundaries: string[]): string => {
    const roll = random();
    if (depth < 4 && roll < 0.55) {
      const boundary =
        pick(['b', 'b0', 'bb', `b${depth}`, `b${depth}x`, 'zz']) + (random() < 0.5 ? '' : String(depth));
      const quoted = random() < 0.5 ? `"${boundary}"` : boundary;
      let out = `Content-Type: multipart/${pick(['mixed', 'alternative', 'digest', 'related'])}; boundary=${quoted}${eol()}${eol()}`;
      if (random() < 0.3) out += `${junk()}${eol()}`;
      const parts = Math.floor(random() * 5);
      for (let i = 0; i < parts; i++) {
        out += `--${boundary}${random() < 0.1 ? '  ' : ''}${eol()}${entity(depth + 1, [...boundaries, boundary])}${eol()}`;
      }
      if (random() < 0.8) out += `--${boundary}--${random() < 0.3 ? ' tail' : ''}${eol()}`;
      if (random() < 0.3) out += `${junk()}${eol()}`;
      if (random() < 0.2 && boundaries.length > 0) out += `--${pick(boundaries)}${eol()}`;
      return out;
    }
    if (depth < 4 && roll < 0.65) {
      return `Content-Type: message/rfc822${eol()}${eol()}Subject: inner ${depth}${eol()}${entity(depth + 1, boundaries)}`;
    }
    const lines = Array.from({ length: Math.floor(random() * 5) }, junk);
    const type = pick([
      'text/plain',
      'text/html',
      'image/png',
      'application/octet-stream',
      'text/plain; charset=x-bogus',
    ]);
    const cte = pick([
      '',
      `Content-Transfer-Encoding: base64${eol()}`,
      `Content-Transfer-Encoding: quoted-printable${eol()}`,
    ]);
    return `Content-Type: ${type}${eol()}${cte}${random() < 0.9 ? eol() : ''}${lines.join(eol())}`;
  };

  let text = `From: Fuzz <fuzz@example.com>${eol()}Subject: ${junk()}${eol()}${entity(0, [])}`;
  if (random() < 0.2) text = text.slice(0, Math.floor(random() * text.length));
  return Buffer.from(text, 'latin1');
}

function checkSizes(node: MimeNode): void {
  if (node.kind === 'leaf') expect(node.bodySize).toBe(node.body?.size ?? 0);
  for (const p of node.multipart?.parts ?? []) checkSizes(p.node);
  if (node.message) {
    expect(node.bodySize).toBe(node.message.header.length + node.message.bodySize);
    checkSizes(node.message);
  }
}

describe('fuzzed messages', () => {
  const random = seededRandom(20240601);
  const cases = Array.from({ length: 250 }, (_, i) => [i, generate(random)] as const);

  it.each(cases)('case %i parses, rebuilds exactly and serves every part', async (i, raw) => {
    const whole = parseMessageSync(raw);
    expect((await rebuildToBuffer(whole.tree)).equals(raw)).toBe(true);
    expect(whole.summary.size).toBe(raw.length);
    checkSizes(whole.tree);
    expect(() => formatBodyStructure(whole.summary.bodyStructure, { extended: true })).not.toThrow();
    expect(() => formatEnvelope(whole.summary.envelope)).not.toThrow();

    const chunked = await parseChunks(chunksOf(raw, { random: seededRandom(i), max: 9 }));
    expect((await rebuildToBuffer(chunked.tree)).equals(raw)).toBe(true);
    expect(chunked.summary).toEqual(whole.summary);

    for (const { part, node } of listParts(whole.tree)) {
      const body = await readSection(whole.tree, part);
      expect(body?.length).toBe(node.bodySize);
      expect((await readSection(whole.tree, `${part}.MIME`))?.equals(node.header)).toBe(true);
    }
  });
});
