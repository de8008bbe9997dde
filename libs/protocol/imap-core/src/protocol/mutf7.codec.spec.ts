import { decodeMutf7, encodeMutf7 } from './mutf7.codec';

describe('modified UTF-7', () => {
  it.each([
    ['INBOX', 'INBOX'],
    ['Entwürfe', 'Entw&APw-rfe'],
    ['A&B', 'A&-B'],
    ['日本語', '&ZeVnLIqe-'],
    ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
    ['😀', '&2D3eAA-'],
  ])('round-trips %s', (text, wire) => {
    expect(encodeMutf7(text)).toBe(wire);
    expect(decodeMutf7(wire)).toBe(text);
  });

  it.each(['&', '&Jjo', '&AGE-', '&Jjo!-', '&2D0-', 'a\u0001b', '&U,B-'])('rejects malformed %j', (wire) => {
    expect(decodeMutf7(wire)).toBeNull();
  });
});
