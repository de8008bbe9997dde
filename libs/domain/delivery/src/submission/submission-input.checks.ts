import { DeliveryError } from '../errors/delivery.error';
import type { SubmissionAddress, SubmissionAttachment, SubmitInput } from './submission.types';

const invalid = (message: string): DeliveryError => new DeliveryError('INVALID_SUBMISSION', message);

// RFC 5322 field names: printable US-ASCII except the colon.
const HEADER_NAME = /^[!-9;-~]{1,100}$/;
const LINE_BREAK_OR_NUL = /[\r\n\0]/;
const MAX_HEADER_VALUE = 16 * 1024;
const MAX_HEADERS = 50;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
const CONTENT_ID = /^[^\s<>"()]{1,255}$/;

/**
 * Headers the composer owns. Letting callers set them would bypass the From check, leak Bcc, or
 * break the MIME structure; delivery-trace headers are for receiving servers only.
 */
const RESERVED_HEADERS = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'content-id',
  'return-path',
  'received',
  'delivered-to',
  'dkim-signature',
  'x-eider-loop',
]);

const singleLine = (value: string | undefined, field: string): void => {
  if (value !== undefined && LINE_BREAK_OR_NUL.test(value)) {
    throw invalid(`${field} must not contain line breaks`);
  }
};

const checkAddress = (address: SubmissionAddress | undefined, field: string): void => {
  if (!address) return;
  singleLine(address.name, `${field}.name`);
  singleLine(address.address, `${field}.address`);
};

const checkAttachment = (attachment: SubmissionAttachment, index: number): void => {
  const field = `attachments.${index}`;
  singleLine(attachment.filename, `${field}.filename`);
  if (!BASE64.test(attachment.content)) throw invalid(`${field}.content must be base64`);
  if (attachment.contentType !== undefined && !MEDIA_TYPE.test(attachment.contentType)) {
    throw invalid(`${field}.contentType must be a media type such as image/png`);
  }
  if (attachment.cid !== undefined && !CONTENT_ID.test(attachment.cid)) {
    throw invalid(`${field}.cid must be a Content-ID without brackets or spaces`);
  }
};

/**
 * Refuses anything that could smuggle a header: the API validates shapes too, but GraphQL and other
 * callers reach the composer through here, so the guarantee lives next to it.
 */
export const checkSubmitInput = (input: SubmitInput): void => {
  singleLine(input.subject, 'subject');
  checkAddress(input.from, 'from');
  checkAddress(input.replyTo, 'replyTo');
  checkAddress(input.envelope?.from, 'envelope.from');
  for (const list of ['to', 'cc', 'bcc'] as const) {
    input[list]?.forEach((address, index) => checkAddress(address, `${list}.${index}`));
  }
  input.envelope?.to?.forEach((address, index) => checkAddress(address, `envelope.to.${index}`));
  const headers = input.headers ?? [];
  if (headers.length > MAX_HEADERS) throw invalid(`at most ${MAX_HEADERS} custom headers are allowed`);
  headers.forEach(({ key, value }, index) => {
    if (!HEADER_NAME.test(key)) throw invalid(`headers.${index}.key is not a valid header name`);
    if (RESERVED_HEADERS.has(key.toLowerCase())) throw invalid(`headers.${index}.key: ${key} cannot be set`);
    if (LINE_BREAK_OR_NUL.test(value)) throw invalid(`headers.${index}.value must not contain line breaks`);
    if (value.length > MAX_HEADER_VALUE) throw invalid(`headers.${index}.value is too long`);
  });
  input.attachments?.forEach(checkAttachment);
};
