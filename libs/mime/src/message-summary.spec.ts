import { parseMessageSync } from './message.parser';
import { chunksOf, parseChunks } from './testing/mime-test.helpers';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

const NEWSLETTER = Buffer.concat([
  crlf([
    'From: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>, "Team" <team@xn--bcher-kva.example>',
    'To: undisclosed:;',
    'Cc: list@example.com',
    'Reply-To: replies@example.com',
    'Subject: Re: [list] Fwd: =?utf-8?B?R3LDvMOf?= =?utf-8?B?ZQ==?= (fwd)',
    'Date: Tue, 1 Jul 2003 10:52:37 +0200',
    'Message-ID: <m3@example.com>',
    'In-Reply-To: <m2@example.com>',
    'References: <m1@example.com> <m2@example.com>',
    'List-Id: Example list <list.example.com>',
    'Content-Type: multipart/mixed; boundary=mix',
    '',
    '--mix',
    'Content-Type: multipart/related; boundary=rel',
    '',
    '--rel',
    'Content-Type: multipart/alternative; boundary=alt',
    '',
    '--alt',
    'Content-Type: text/plain; charset=iso-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Caf=E9 au lait,   soft=',
    ' break',
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ]),
  Buffer.from(
    `${Buffer.from('<html><head><style>p{}</style></head><body><p>Caf&eacute; &amp; <img src="cid:logo@x"></p></body></html>').toString('base64')}\r\n`,
  ),
  crlf([
    '--alt',
    'Content-Type: text/plain',
    '',
    'second plain alternative is ignored',
    '--alt--',
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <logo@x>',
    'Content-Transfer-Encoding: base64',
    '',
    'iVBORw0KGgoAAAANSUhEUg==',
    '--rel--',
    '--mix',
    'Content-Type: application/pdf; name="=?utf-8?Q?r=C3=A9sum=C3=A9.pdf?="',
    'Content-Disposition: attachment; filename*0*=utf-8\'\'r%C3%A9sum; filename*1="e final.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQK',
    '--mix',
    'Content-Type: message/rfc822',
    '',
    'Subject: forwarded',
    'Content-Type: text/plain',
    '',
    'forwarded text must not leak into the body',
    '--mix--',
    '',
  ]),
]);

describe('message summary', () => {
  const { summary } = parseMessageSync(NEWSLETTER);

  it('decodes header values', () => {
    expect(summary.subject).toBe('Re: [list] Fwd: Grüße (fwd)');
    expect(summary.date?.toISOString()).toBe('2003-07-01T08:52:37.000Z');
    expect(summary.messageId).toBe('<m3@example.com>');
    expect(summary.inReplyTo).toBe('<m2@example.com>');
    expect(summary.references).toEqual(['<m1@example.com>', '<m2@example.com>']);
    expect(summary.listId).toBe('list.example.com');
    expect(summary.from).toEqual([
      { name: 'André Pirard', address: 'PIRARD@vm1.ulg.ac.be' },
      { name: 'Team', address: 'team@bücher.example' },
    ]);
    expect(summary.to).toEqual([]);
    expect(summary.cc).toEqual([{ name: '', address: 'list@example.com' }]);
    expect(summary.replyTo).toEqual([{ name: '', address: 'replies@example.com' }]);
  });

  it('extracts the first text and HTML alternatives, decoded to Unicode', () => {
    expect(summary.text).toEqual({
      content: 'Café au lait,   soft break',
      truncated: false,
      charsetFallback: false,
    });
    expect(summary.html?.content).toContain('<p>Caf&eacute; &amp; <img src="cid:logo@x"></p>');
    expect(summary.preview).toBe('Café au lait, soft break');
  });

  it('lists attachments with decoded names and marks cid-referenced images as related', () => {
    expect(summary.attachments).toEqual([
      {
        part: '1.2',
        filename: null,
        contentType: 'image/png',
        disposition: null,
        contentId: 'logo@x',
        transferEncoding: 'base64',
        size: 24,
        decodedSize: 16,
        related: true,
      },
      {
        part: '2',
        filename: 'résume final.pdf',
        contentType: 'application/pdf',
        disposition: 'attachment',
        contentId: null,
        transferEncoding: 'base64',
        size: 12,
        decodedSize: 9,
        related: false,
      },
      {
        part: '3',
        filename: null,
        contentType: 'message/rfc822',
        disposition: null,
        contentId: null,
        transferEncoding: null,
        size: 'Subject: forwarded\r\nContent-Type: text/plain\r\n\r\nforwarded text must not leak into the body'
          .length,
        decodedSize:
          'Subject: forwarded\r\nContent-Type: text/plain\r\n\r\nforwarded text must not leak into the body'
            .length,
        related: false,
      },
    ]);
    expect(summary.hasAttachments).toBe(true);
  });

  it('computes the thread key from the base subject and the reference chain', () => {
    expect(summary.thread).toEqual({
      baseSubject: 'Grüße',
      subjectKey: 'grüße',
      messageId: '<m3@example.com>',
      references: ['<m1@example.com>', '<m2@example.com>'],
    });
  });

  it('is identical however the input is chunked', async () => {
    const chunked = await parseChunks(chunksOf(NEWSLETTER, 3));
    expect(chunked.summary).toEqual(summary);
  });

  it('is plain data that survives a JSON round trip', () => {
    const copy = JSON.parse(JSON.stringify(summary)) as Record<string, unknown>;
    expect(copy['date']).toBe('2003-07-01T08:52:37.000Z');
    expect(copy['bodyStructure']).toEqual(JSON.parse(JSON.stringify(summary.bodyStructure)));
    expect(JSON.stringify(summary)).not.toContain('"type":"Buffer"');
  });
});

describe('hostile input', () => {
  it('stays linear on pathological headers and HTML', () => {
    const raw = crlf([
      `Content-Type: text/html; ${'x;'.repeat(300_000)} charset=utf-8`,
      `Subject: ${'[x]'.repeat(200_000)} topic`,
      `To: ${'a@b.example, '.repeat(40_000)}`,
      `References: ${'<id@x> '.repeat(50_000)}`,
      `Date: ${' '.repeat(100_000)}1 Jan 2020 00:00 +0000`,
      '',
      `${'<style>'.repeat(100_000)}${'<p>'.repeat(100_000)}`,
    ]);
    const started = performance.now();
    const { summary } = parseMessageSync(raw, { maxHeaderSize: 8 * 1024 * 1024 });
    // Quadratic behaviour on this input takes minutes; linear code needs well under a second.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(summary.to).toHaveLength(40_000);
    expect(summary.references).toEqual(['<id@x>']);
    expect(summary.html?.content.length).toBeGreaterThan(0);
  });
});

describe('text extraction edge cases', () => {
  it('falls back to latin1 for unknown charsets and flags it', () => {
    const raw = Buffer.concat([
      crlf(['Subject: =?x-unknown-42?Q?caf=E9?=', 'Content-Type: text/plain; charset=x-unknown-42', '', '']),
      Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    ]);
    const { summary } = parseMessageSync(raw);
    expect(summary.subject).toBe('café');
    expect(summary.text).toEqual({ content: 'café', truncated: false, charsetFallback: true });
  });

  it('caps extracted text and says so', () => {
    const raw = crlf(['Content-Type: text/plain', '', 'x'.repeat(5000)]);
    const { summary } = parseMessageSync(raw, { maxTextLength: 1000 });
    expect(summary.text?.content).toHaveLength(1000);
    expect(summary.text?.truncated).toBe(true);
  });

  it('decodes format=flowed and makes the preview from HTML when there is no text part', () => {
    const flowed = crlf(['Content-Type: text/plain; format=flowed', '', 'one ', 'two', '']);
    expect(parseMessageSync(flowed).summary.text?.content).toBe('one two');
    const html = crlf(['Content-Type: text/html', '', '<script>x()</script><b>Hello</b>&nbsp;<i>world</i>']);
    const { summary } = parseMessageSync(html);
    expect(summary.text).toBeNull();
    expect(summary.preview).toBe('Hello world');
  });

  it('treats a non-text single part message as an attachment', () => {
    const raw = crlf([
      'Content-Type: application/zip',
      'Content-Transfer-Encoding: base64',
      '',
      'UEsDBA==',
      '',
    ]);
    const { summary } = parseMessageSync(raw);
    expect(summary.attachments.map((a) => [a.part, a.contentType, a.decodedSize])).toEqual([
      ['1', 'application/zip', 4],
    ]);
    expect(summary.hasAttachments).toBe(true);
    expect(summary.preview).toBe('');
  });

  it('returns null for dates it cannot read and accepts obsolete forms', () => {
    const date = (value: string) =>
      parseMessageSync(crlf([`Date: ${value}`, '', ''])).summary.date?.toISOString() ?? null;
    expect(date('not a date')).toBeNull();
    expect(date('Mon, 32 Jan 2020 10:00:00 +0000')).toBeNull();
    expect(date('1 Feb 99 23:59 EST')).toBe('1999-02-02T04:59:00.000Z');
    expect(date('Fri, 21 Nov 1997 09:55:06 -0600 (CST)')).toBe('1997-11-21T15:55:06.000Z');
  });
});
