import { buildTraceHeaders, lineEndingOf } from './trace-headers';

const info = {
  sender: 'alice@example.com',
  recipient: 'bob@example.org',
  originalRecipient: 'Bob+tag@Example.org',
  heloName: 'mx.example.com',
  clientHostname: '[127.0.0.1]',
  remoteAddress: '127.0.0.1',
  hostname: 'store.example.org',
  id: 'abc123',
  transport: 'LMTP' as const,
  date: new Date('2026-11-28T10:00:00Z'),
};

describe('buildTraceHeaders', () => {
  it('writes Return-Path, Delivered-To and a folded Received header', () => {
    expect(buildTraceHeaders(info, '\r\n').toString()).toBe(
      'Return-Path: <alice@example.com>\r\n' +
        'Delivered-To: bob@example.org\r\n' +
        'Received: from mx.example.com ([127.0.0.1])\r\n' +
        '\tby store.example.org (Eider) with LMTP id abc123\r\n' +
        '\tfor <Bob+tag@Example.org>; Sat, 28 Nov 2026 10:00:00 +0000\r\n',
    );
  });

  it('uses <> for the null sender and the message own line ending', () => {
    const text = buildTraceHeaders({ ...info, sender: '' }, '\n').toString();
    expect(text.startsWith('Return-Path: <>\n')).toBe(true);
    expect(text).not.toContain('\r');
  });

  it('cannot be used to inject headers', () => {
    const text = buildTraceHeaders(
      { ...info, heloName: 'evil\r\nX-Injected: 1', sender: 'a\r\nX-Bad: 1@example.com' },
      '\r\n',
    ).toString();
    expect(text).not.toMatch(/^X-Injected/m);
    expect(text).not.toMatch(/^X-Bad/m);
    expect(text.split('\r\n')).toHaveLength(6);
  });
});

describe('lineEndingOf', () => {
  it('detects CRLF, bare LF and defaults to CRLF', () => {
    expect(lineEndingOf(Buffer.from('a: b\r\n\r\nx'))).toBe('\r\n');
    expect(lineEndingOf(Buffer.from('a: b\n\nx'))).toBe('\n');
    expect(lineEndingOf(Buffer.from('no newline'))).toBe('\r\n');
  });
});
