/** Media types we pass through as given; anything else is served as opaque bytes. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export const safeContentType = (contentType: string): string => {
  const lower = contentType.trim().toLowerCase();
  return MEDIA_TYPE.test(lower) ? lower : 'application/octet-stream';
};

const MAX_FILENAME_LENGTH = 200;

/**
 * A file name that cannot leave the download folder or break the header: the last path segment only,
 * no control characters, quotes, separators or leading dots, and never empty.
 */
export const safeFilename = (filename: string | null | undefined, fallback: string): string => {
  const lastSegment = (filename ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|;%\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '')
    .trim();
  const bounded = [...cleaned].slice(0, MAX_FILENAME_LENGTH).join('');
  return bounded.length > 0 ? bounded : fallback;
};

// RFC 5987 attr-char: everything else is percent-encoded.
const encodeRfc5987 = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition` with a plain ASCII `filename` for old clients and, when the name is not plain
 * ASCII, an RFC 5987 `filename*` carrying the real one.
 */
export const contentDisposition = (type: 'attachment' | 'inline', filename: string): string => {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  if (ascii === filename) return `${type}; filename="${ascii}"`;
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
};
