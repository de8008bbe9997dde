import { buildBodyStructure } from './body-structure.builder';
import { buildEnvelope } from './envelope.builder';
import { formatBodyStructure, formatEnvelope, imapString } from './imap-wire.serializer';
import { parseMessageSync } from './message.parser';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

// RFC 3501 section 8 sample message.
const SIMPLE = crlf([
  'Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)',
  'From: Fred Foobar <foobar@Blurdybloop.example>',
  'Subject: afternoon meeting',
  'To: mooch@owatagu.siam.example',
  'Message-Id: <B27397-0100000@Blurdybloop.example>',
  'MIME-Version: 1.0',
  'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
  '',
  'Hello Joe, do you think we can meet at 3:30 tomorrow?',
  '',
]);

const RICH = crlf([
  'From: "Doe, John" <john@example.com>',
  'Sender: (Secretary) sec@example.com',
  'To: undisclosed-recipients:;',
  'Cc: Friends: ann@example.com, "Bob \\"B\\"" <bob@example.com>;, carol@example.com (Carol C)',
  'Bcc: <@relay.example:dave@example.com>',
  'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=',
  'Date: Tue, 1 Jul 2003 10:52:37 +0200',
  'In-Reply-To: <parent@example.com>',
  'Message-ID: <child@example.com>',
  'Content-Type: multipart/mixed; boundary="XYZ"',
  '',
  '--XYZ',
  'Content-Type: text/plain; format=flowed',
  'Content-Language: en, de',
  '',
  'Hi',
  '--XYZ',
  'Content-Type: image/png; name="pic.png"',
  'Content-Transfer-Encoding: base64',
  'Content-ID: <pic@example.com>',
  'Content-Description: A picture',
  "Content-Disposition: inline; filename*=UTF-8''pi%C3%A7.png",
  'Content-Location: http://example.com/pic.png',
  'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
  '',
  'iVBORw0KGgo=',
  '--XYZ',
  'Content-Type: message/rfc822',
  '',
  'From: x@example.com',
  'Subject: fwd',
  '',
  'inner',
  '--XYZ--',
  '',
]);

describe('ENVELOPE wire format', () => {
  it('matches RFC 3501 for the sample message', () => {
    const env = buildEnvelope(parseMessageSync(SIMPLE).tree);
    expect(formatEnvelope(env)).toBe(
      '("Mon, 7 Feb 1994 21:52:25 -0800 (PST)" "afternoon meeting" (("Fred Foobar" NIL "foobar" "Blurdybloop.example")) ' +
        '(("Fred Foobar" NIL "foobar" "Blurdybloop.example")) (("Fred Foobar" NIL "foobar" "Blurdybloop.example")) ' +
        '((NIL NIL "mooch" "owatagu.siam.example")) NIL NIL NIL "<B27397-0100000@Blurdybloop.example>")',
    );
  });

  it('writes groups, comments as names, routes and escapes', () => {
    const env = buildEnvelope(parseMessageSync(RICH).tree);
    expect(formatEnvelope(env)).toBe(
      '("Tue, 1 Jul 2003 10:52:37 +0200" "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=" (("Doe, John" NIL "john" "example.com")) ' +
        '(("Secretary" NIL "sec" "example.com")) (("Doe, John" NIL "john" "example.com")) ' +
        '((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) ' +
        '((NIL NIL "Friends" NIL)(NIL NIL "ann" "example.com")("Bob \\"B\\"" NIL "bob" "example.com")(NIL NIL NIL NIL)' +
        '("Carol C" NIL "carol" "example.com")) ((NIL "@relay.example" "dave" "example.com")) "<parent@example.com>" "<child@example.com>")',
    );
  });

  it('uses literals for 8-bit and multi-line values and placeholders for broken addresses', () => {
    const raw = crlf(['Subject: Grüße', 'From: nobody', '', '']);
    expect(formatEnvelope(buildEnvelope(parseMessageSync(raw).tree))).toBe(
      '(NIL {7}\r\nGrüße ((NIL NIL "nobody" "MISSING_DOMAIN")) ((NIL NIL "nobody" "MISSING_DOMAIN")) ((NIL NIL "nobody" "MISSING_DOMAIN")) NIL NIL NIL NIL NIL)',
    );
  });
});

describe('BODY and BODYSTRUCTURE wire format', () => {
  it('formats a single text part, defaulting only the transfer encoding', () => {
    const bs = buildBodyStructure(parseMessageSync(SIMPLE).tree);
    expect(formatBodyStructure(bs, { extended: true })).toBe(
      '("TEXT" "PLAIN" ("charset" "US-ASCII") NIL NIL "7bit" 55 1 NIL NIL NIL NIL)',
    );
    expect(formatBodyStructure(bs, { extended: false })).toBe(
      '("TEXT" "PLAIN" ("charset" "US-ASCII") NIL NIL "7bit" 55 1)',
    );
  });

  it('adds the default charset to text parts, as Dovecot does', () => {
    const bs = buildBodyStructure(parseMessageSync(crlf(['Subject: x', '', 'abc', ''])).tree);
    expect(formatBodyStructure(bs, { extended: true })).toBe(
      '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 1 NIL NIL NIL NIL)',
    );
  });

  const part1 = '("text" "plain" ("format" "flowed" "charset" "us-ascii") NIL NIL "7bit" 2 0';
  const part2 = '("image" "png" ("name" "pic.png") "<pic@example.com>" "A picture" "base64" 12';
  const innerEnv =
    '(NIL "fwd" ((NIL NIL "x" "example.com")) ((NIL NIL "x" "example.com")) ((NIL NIL "x" "example.com")) NIL NIL NIL NIL NIL)';

  it('formats BODYSTRUCTURE with extension data for every kind of part', () => {
    const bs = buildBodyStructure(parseMessageSync(RICH).tree);
    expect(formatBodyStructure(bs, { extended: true })).toBe(
      `(${part1} NIL NIL ("en" "de") NIL)` +
        `${part2} "Q2hlY2sgSW50ZWdyaXR5IQ==" ("inline" ("filename*" "UTF-8''pi%C3%A7.png")) NIL "http://example.com/pic.png")` +
        `("message" "rfc822" NIL NIL NIL "7bit" 42 ${innerEnv} ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL)` +
        ' "mixed" ("boundary" "XYZ") NIL NIL NIL)',
    );
  });

  it('formats BODY without any extension data', () => {
    const bs = buildBodyStructure(parseMessageSync(RICH).tree);
    expect(formatBodyStructure(bs, { extended: false })).toBe(
      `(${part1})${part2})` +
        `("message" "rfc822" NIL NIL NIL "7bit" 42 ${innerEnv} ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0) 3)` +
        ' "mixed")',
    );
  });

  it('can report sizes after CRLF normalisation', () => {
    const raw = Buffer.from('Content-Type: text/plain\n\nline one\nline two\n');
    const bs = buildBodyStructure(parseMessageSync(raw).tree);
    expect(formatBodyStructure(bs, { extended: false })).toBe(
      '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 18 2)',
    );
    expect(formatBodyStructure(bs, { extended: false, crlf: true })).toBe(
      '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 20 2)',
    );
  });

  it('reports refused containers with grammar-safe types', () => {
    const raw = crlf([
      'Content-Type: message/rfc822; name=a.eml',
      'Content-Transfer-Encoding: base64',
      '',
      'U3ViamVjdDogeA==',
    ]);
    expect(formatBodyStructure(buildBodyStructure(parseMessageSync(raw).tree), { extended: false })).toBe(
      '("application" "octet-stream" ("name" "a.eml") NIL NIL "base64" 16)',
    );
    const noBoundary = crlf(['Content-Type: multipart/mixed', '', 'text']);
    expect(
      formatBodyStructure(buildBodyStructure(parseMessageSync(noBoundary).tree), { extended: false }),
    ).toBe('("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 4 0)');
  });
});

describe('IMAP strings', () => {
  it('quotes plain text and escapes backslash and double quote', () => {
    expect(imapString('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
  });

  it('switches to literals for CR, LF, 8-bit and long values, counting UTF-8 bytes', () => {
    expect(imapString('a\r\nb')).toBe('{4}\r\na\r\nb');
    expect(imapString('é')).toBe('{2}\r\né');
    expect(imapString('x'.repeat(20), { maxQuotedLength: 10 })).toBe(`{20}\r\n${'x'.repeat(20)}`);
  });
});
