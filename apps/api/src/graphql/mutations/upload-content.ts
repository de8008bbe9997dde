import { rawBytes } from '../../messages/message-upload.schemas';
import { GraphqlApiError } from '../graphql-errors';

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// A message starts with a header field: a name of printable characters other than the colon, then a colon.
const FIRST_HEADER = /^[!-9;-~]{1,100}:/;

/** Bytes a base64 string of this length decodes to, at most; checked before decoding anything. */
const decodedLength = (base64Length: number): number => Math.floor((base64Length * 3) / 4);

const tooLarge = (what: string, limit: number): GraphqlApiError =>
  new GraphqlApiError('PAYLOAD_TOO_LARGE', `${what} exceeds ${limit} bytes`, { limit });

/** Strict base64 (whitespace allowed between groups) to bytes, refusing anything lenient decoders accept. */
export const strictBase64 = (value: string, field: string, limit: number): Buffer => {
  const compact = value.replace(/\s+/g, '');
  if (decodedLength(compact.length) > limit) throw tooLarge(field, limit);
  if (!STRICT_BASE64.test(compact))
    throw new GraphqlApiError('BAD_USER_INPUT', `${field} is not valid base64`);
  return Buffer.from(compact, 'base64');
};

/**
 * A raw message given as base64 or as text (decided as REST decides it), refused when it is too large or
 * when what it decodes to does not start with a header field (bad base64, or not a message at all).
 */
export const uploadedMessage = (raw: string, limit: number): Buffer => {
  if (raw.length === 0) throw new GraphqlApiError('BAD_USER_INPUT', 'raw must not be empty');
  // The request body limit already bounds what decoding can allocate.
  const bytes = rawBytes(raw);
  if (bytes.length > limit) throw tooLarge('raw', limit);
  if (!FIRST_HEADER.test(bytes.subarray(0, 128).toString('latin1'))) {
    throw new GraphqlApiError(
      'BAD_USER_INPUT',
      'raw must be an RFC 822 message, as text or base64, starting with a header field',
    );
  }
  return bytes;
};
