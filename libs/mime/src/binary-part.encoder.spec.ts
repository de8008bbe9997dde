import { encodeNulBinaryParts } from './binary-part.encoder';

const header =
  'From: a@example.org\r\nMime-Version: 1.0\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n';

describe('encodeNulBinaryParts', () => {
  it('re-encodes a NUL-bearing binary body as base64 and keeps the rest of the message', () => {
    const body = Buffer.from([0, 0x2d, 0xe4, 0x0a, 0x0d, 0x0a, 0x0a]);
    const out = encodeNulBinaryParts(Buffer.concat([Buffer.from(header), body])).toString('latin1');
    expect(out).toContain('From: a@example.org\r\nMime-Version: 1.0\r\n');
    expect(out).toContain('Content-Transfer-Encoding: base64\r\n\r\n');
    expect(out).not.toContain('binary');
    const encoded = out.slice(out.indexOf('\r\n\r\n') + 4);
    expect(Buffer.from(encoded, 'base64')).toEqual(body);
  });

  it('touches only the NUL-bearing part of a multipart', () => {
    const raw = Buffer.from(
      'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n' +
        '--b\r\nContent-Type: application/x-bin\r\n\r\na\u0000b\r\n--b--\r\n',
      'latin1',
    );
    const out = encodeNulBinaryParts(raw).toString('latin1');
    expect(out).toContain('--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\n');
    expect(out).toContain('Content-Type: application/x-bin\r\nContent-Transfer-Encoding: base64\r\n\r\n');
    expect(out).toContain(`${Buffer.from('a\u0000b', 'latin1').toString('base64')}\r\n`);
    expect(out.endsWith('--b--\r\n')).toBe(true);
  });

  it('returns messages without NUL, and NUL in already-encoded parts, unchanged', () => {
    const plain = Buffer.from(`${header}just bytes \xe4\r\n`, 'latin1');
    expect(encodeNulBinaryParts(plain)).toBe(plain);
    const qp = Buffer.from(header.replace('binary', 'quoted-printable') + 'a\u0000b\r\n', 'latin1');
    expect(encodeNulBinaryParts(qp)).toBe(qp);
  });
});
