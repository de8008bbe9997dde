import { randomBytes } from 'node:crypto';

/** The header lines of a plain test message with a fresh Message-ID. */
export const sampleHeader = (subject: string, contentType = 'text/plain; charset=utf-8'): string[] => [
  'From: Alice <alice@example.com>',
  'To: Bob <bob@example.com>',
  `Subject: ${subject}`,
  `Message-ID: <${randomBytes(6).toString('hex')}@example.com>`,
  'Date: Mon, 02 Nov 2026 10:00:00 +0000',
  'MIME-Version: 1.0',
  `Content-Type: ${contentType}`,
];

/** A small CRLF message, for APPENDs whose content the test does not care about beyond its subject. */
export const sampleMessage = (subject: string, body = 'Hello from the e2e suite.\r\n'): Buffer =>
  Buffer.from([...sampleHeader(subject), '', body].join('\r\n'));
