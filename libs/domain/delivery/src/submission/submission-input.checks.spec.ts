import { isDeliveryError } from '../errors/delivery.error';
import { checkSubmitInput } from './submission-input.checks';
import type { SubmitInput } from './submission.types';

const refused = (input: SubmitInput): boolean => {
  try {
    checkSubmitInput(input);
    return false;
  } catch (error) {
    return isDeliveryError(error, 'INVALID_SUBMISSION');
  }
};

describe('checkSubmitInput', () => {
  it('accepts an ordinary message with custom headers and attachments', () => {
    expect(
      refused({
        to: [{ name: 'Ann', address: 'ann@example.com' }],
        subject: 'Hello',
        headers: [{ key: 'X-Tracking', value: 'abc 123' }],
        attachments: [
          { filename: 'a.png', contentType: 'image/png', content: 'iVBORw0K\nGgo=', cid: 'img1@x' },
        ],
      }),
    ).toBe(false);
  });

  it.each<[string, SubmitInput]>([
    ['CRLF in the subject', { subject: 'a\r\nBcc: x@example.com' }],
    ['a bare LF in the subject', { subject: 'a\nb' }],
    ['NUL in the subject', { subject: 'a\0b' }],
    ['CRLF in a display name', { cc: [{ name: 'a\r\nb', address: 'x@example.com' }] }],
    ['CRLF in an envelope address', { envelope: { to: [{ address: 'x@example.com\r\nRCPT TO:<y@z>' }] } }],
    ['CRLF in a header value', { headers: [{ key: 'X-A', value: 'a\r\nBcc: x@example.com' }] }],
    ['a colon in a header name', { headers: [{ key: 'X-A: b', value: 'c' }] }],
    ['a space in a header name', { headers: [{ key: 'X A', value: 'c' }] }],
    ['a reserved header', { headers: [{ key: 'bcc', value: 'x@example.com' }] }],
    ['a From header', { headers: [{ key: 'From', value: 'ceo@example.com' }] }],
    ['a MIME header', { headers: [{ key: 'Content-Type', value: 'text/html' }] }],
    ['non-base64 content', { attachments: [{ content: '<script>' }] }],
    ['a bad media type', { attachments: [{ content: '', contentType: 'text/plain\r\nX: y' }] }],
    ['a bracketed Content-ID', { attachments: [{ content: '', cid: '<a@b>' }] }],
    ['a multi-line filename', { attachments: [{ content: '', filename: 'a\r\n.txt' }] }],
  ])('refuses %s', (_name, input) => {
    expect(refused(input)).toBe(true);
  });
});
