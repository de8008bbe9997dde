import { parseMessageSync } from './message.parser';
import { rebuildToBuffer } from './message-rebuilder';
import type { MimeNode } from './mime-tree.types';
import { reviveMimeTree } from './tree-revive.helper';

/** Mimics what a BSON round trip does: Buffers become Binary-like wrappers, no undefined survives. */
function bsonLike(value: unknown): unknown {
  if (value === undefined) throw new Error('undefined is not representable in BSON');
  if (Buffer.isBuffer(value)) return { sub_type: 0, buffer: new Uint8Array(value), position: value.length };
  if (Array.isArray(value)) return value.map(bsonLike);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (k.startsWith('$') || k.includes('.')) throw new Error(`key ${k} is not storable`);
        return [k, bsonLike(v)];
      }),
    );
  }
  return value;
}

describe('stored trees', () => {
  const raw = Buffer.from(
    [
      'Subject: stored',
      'X.Odd$Header: dotted names stay in values',
      'Content-Type: multipart/mixed; boundary=s; a.b=c',
      '',
      'pre',
      '--s',
      'Content-Type: message/rfc822',
      '',
      'Subject: inner',
      '',
      'inner body',
      '--s--',
      'epi',
    ].join('\r\n'),
  );

  it('contains no undefined and no user-controlled object keys, and rebuilds after revival', async () => {
    const { tree, summary } = parseMessageSync(raw);
    expect(() => bsonLike(summary)).not.toThrow();
    const revived = reviveMimeTree(bsonLike(tree) as MimeNode);
    expect(revived.headers[1]).toEqual({ key: 'x.odd$header', value: 'dotted names stay in values' });
    expect((await rebuildToBuffer(revived)).equals(raw)).toBe(true);
  });

  it('accepts JSON-serialised buffers', async () => {
    const { tree } = parseMessageSync(raw);
    const revived = reviveMimeTree(JSON.parse(JSON.stringify(tree)) as MimeNode);
    expect((await rebuildToBuffer(revived)).equals(raw)).toBe(true);
  });
});
