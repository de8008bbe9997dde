// Builds the document of the sandboxed message frame. The API has sanitised the HTML already; the CSP here is
// the second wall: nothing may load except inline data and, with consent, remote images.

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export const frameCsp = (remoteImages: boolean): string =>
  `default-src 'none'; img-src data: ${remoteImages ? 'https: http:' : ''}; style-src 'unsafe-inline'; font-src data:`;

const FRAME_STYLE =
  'body{margin:0;padding:12px 16px;font:14px/1.5 system-ui,sans-serif;color:#1d2330;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}';

export const buildSrcdoc = (html: string, remoteImages: boolean): string =>
  [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(frameCsp(remoteImages))}">`,
    '<base target="_blank">',
    `<style>${FRAME_STYLE}</style>`,
    '</head><body>',
    html,
    '</body></html>',
  ].join('');

// API-relative attachment URLs the API put where the message said cid:.
const INLINE_SRC =
  /\bsrc\s*=\s*(["'])(\/users\/[0-9a-f]{24}\/mailboxes\/[0-9a-f]{24}\/messages\/\d+\/attachments\/ATT\d+)\1/gi;

export const inlineImagePaths = (html: string): string[] =>
  [...new Set(Array.from(html.matchAll(INLINE_SRC), (match) => match[2] ?? ''))].filter(Boolean);

/** Swaps each inline image path for its data: URL; paths that failed to load become empty sources. */
export const replaceInlineImages = (html: string, dataUrls: ReadonlyMap<string, string>): string =>
  html.replace(
    INLINE_SRC,
    (_match, quote: string, path: string) => `src=${quote}${dataUrls.get(path) ?? ''}${quote}`,
  );

/** Link targets a message's links must keep: a new tab that cannot reach back to this window. */
export const hardenLinks = (html: string): string =>
  html.replace(/<a\b([^>]*)>/gi, (_match, attributes: string) => {
    const cleaned = attributes.replace(/\s(?:target|rel)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    return `<a${cleaned} target="_blank" rel="noopener noreferrer">`;
  });
