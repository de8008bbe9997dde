import { decodeEncodedWords } from './encoded-words.decoder';
import { chunksOf } from './testing/mime-test.helpers';
import { createTransferDecoder } from './transfer.decoder';

function decodeAll(kind: 'base64' | 'quoted-printable', input: string, size: number): string {
  const decoder = createTransferDecoder(kind);
  const out = chunksOf(Buffer.from(input, 'latin1'), size).map((c) => decoder.write(c));
  out.push(decoder.end());
  return Buffer.concat(out).toString('latin1');
}

describe('transfer decoders', () => {
  const qp = 'a=3Db  \r\nsoft=\r\nbreak=  \r\n=E9t=E9=\nend=ZZ=4';
  it.each([1, 2, 3, 5, 100])('decodes quoted-printable identically in %i-byte chunks', (size) => {
    expect(decodeAll('quoted-printable', qp, size)).toBe('a=b\r\nsoftbreak\xe9t\xe9end=ZZ=4');
  });

  it.each([1, 3, 7, 100])('decodes base64 identically in %i-byte chunks, skipping junk', (size) => {
    const encoded = `${Buffer.from('hello, base64 world!')
      .toString('base64')
      .replace(/(.{8})/g, '$1\r\n')}\r\n!!`;
    expect(decodeAll('base64', encoded, size)).toBe('hello, base64 world!');
  });
});

describe('RFC 2047 encoded words', () => {
  it('joins adjacent words, including multibyte characters split across them', () => {
    expect(decodeEncodedWords('=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?= x')).toBe('éé x');
    expect(decodeEncodedWords('=?UTF-8?Q?=E2=82?=\r\n =?UTF-8?Q?=AC?=')).toBe('€');
    expect(decodeEncodedWords('a =?ISO-8859-1?Q?b_c?= d')).toBe('a b c d');
  });

  it('leaves malformed words alone and never throws', () => {
    expect(decodeEncodedWords('=?utf-8?X?abc?= =?broken')).toBe('=?utf-8?X?abc?= =?broken');
    expect(decodeEncodedWords('=?utf-8*en?Q?hi?=')).toBe('hi');
  });
});
