import sanitizeHtml, { type Attributes, type IOptions } from 'sanitize-html';

export interface SanitizeHtmlOptions {
  /** Load remote images (http/https `src`, `srcset`, `background`, CSS `url()`); off by default. */
  images: boolean;
  /** The URL that serves an inline part, by Content-ID (without angle brackets); null when unknown. */
  resolveCid: (contentId: string) => string | null;
}

export interface SanitizedHtml {
  html: string;
  /** Remote image references found; `blocked` when they were removed because images were not allowed. */
  remoteImages: { blocked: boolean; count: number };
}

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  'img',
  'font',
  'center',
  'big',
  'strike',
  'tt',
  'del',
  'ins',
  'figure',
];

const LAYOUT_ATTRIBUTES = [
  'style',
  'align',
  'valign',
  'width',
  'height',
  'bgcolor',
  'color',
  'border',
  'cellpadding',
  'cellspacing',
  'dir',
  'lang',
  'title',
  'colspan',
  'rowspan',
  'background',
  'face',
  'size',
];

// Everything that is code, loads something on its own, submits or redirects is absent by construction:
// only listed tags and attributes survive.
const BASE_OPTIONS: IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    '*': LAYOUT_ATTRIBUTES,
    a: ['href', 'target', 'rel'],
    img: ['src', 'srcset', 'alt'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'background'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'title',
    'head',
    'template',
    'xmp',
    'iframe',
  ],
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
};

const REMOTE_URL = /^(?:https?:)?\/\//i;
const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp);base64,[a-z0-9+/=\s]*$/i;
const LINK_HREF = /^(?:https?:\/\/|mailto:|tel:|#)/i;
const CID_URL = /^cid:(.+)$/i;
// CSS that can run code, bind behaviours, escape its box or pull in more CSS.
const FORBIDDEN_CSS =
  /expression|javascript|vbscript|behavior|binding|@import|image-set|[\\<>]|\/\*|&#|src\s*\(/i;
const FORBIDDEN_PROPERTIES = new Set([
  'position',
  'z-index',
  'behavior',
  '-moz-binding',
  'content',
  'cursor',
]);
const CSS_URL = /url\s*\(\s*(['"]?)(.*?)\1\s*\)/gi;

type ImageSource = { kind: 'keep'; url: string } | { kind: 'remote'; url: string } | { kind: 'drop' };

/** What an image reference may become: inline data and known parts stay, remote ones are counted. */
const classifyImage = (raw: string, options: SanitizeHtmlOptions): ImageSource => {
  const url = raw.trim();
  const cid = CID_URL.exec(url);
  if (cid?.[1]) {
    const resolved = options.resolveCid(decodeCid(cid[1]));
    return resolved ? { kind: 'keep', url: resolved } : { kind: 'drop' };
  }
  if (DATA_IMAGE.test(url)) return { kind: 'keep', url };
  if (REMOTE_URL.test(url)) return { kind: 'remote', url: url.startsWith('//') ? `https:${url}` : url };
  return { kind: 'drop' };
};

const decodeCid = (value: string): string => {
  try {
    return decodeURIComponent(value).replace(/^<|>$/g, '');
  } catch {
    return value;
  }
};

class RemoteImageCounter {
  count = 0;

  constructor(private readonly options: SanitizeHtmlOptions) {}

  /** The URL to keep, or null to remove the reference. */
  resolve(raw: string): string | null {
    const source = classifyImage(raw, this.options);
    switch (source.kind) {
      case 'keep':
        return source.url;
      case 'remote':
        this.count += 1;
        return this.options.images ? source.url : null;
      case 'drop':
        return null;
    }
  }
}

/** Filters an inline style declaration by declaration; anything doubtful is dropped, not repaired. */
const sanitizeStyle = (style: string, images: RemoteImageCounter): string | null => {
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon <= 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    let value = declaration.slice(colon + 1).trim();
    if (!/^-?[a-z][a-z-]*$/.test(property) || FORBIDDEN_PROPERTIES.has(property)) continue;
    if (FORBIDDEN_CSS.test(value) || value.length === 0) continue;
    let rejected = false;
    value = value.replace(CSS_URL, (_match, _quote: string, inner: string) => {
      const url = images.resolve(inner);
      if (url === null || /["'()\s]/.test(url)) {
        rejected = true;
        return '';
      }
      return `url("${url}")`;
    });
    // A url( left unmatched (odd quoting, nesting) is never passed through.
    if (rejected || /url\s*\(/i.test(value.replace(CSS_URL, ''))) continue;
    kept.push(`${property}: ${value}`);
  }
  return kept.length > 0 ? kept.join('; ') : null;
};

const sanitizeSrcset = (srcset: string, images: RemoteImageCounter): string | null => {
  const candidates = srcset
    .split(',')
    .map((candidate) => candidate.trim())
    .filter(Boolean);
  const kept: string[] = [];
  for (const candidate of candidates) {
    const [url = '', ...descriptor] = candidate.split(/\s+/);
    const resolved = images.resolve(url);
    if (resolved === null || /[\s,]/.test(resolved)) continue;
    kept.push([resolved, ...descriptor.filter((part) => /^\d+(\.\d+)?[wx]$/.test(part))].join(' '));
  }
  return kept.length > 0 ? kept.join(', ') : null;
};

const transformAttributes = (
  tagName: string,
  attribs: Attributes,
  images: RemoteImageCounter,
): Attributes => {
  const out: Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    const key = name.toLowerCase();
    if (key === 'style') {
      const style = sanitizeStyle(value, images);
      if (style !== null) out[key] = style;
    } else if (key === 'background' || (key === 'src' && tagName === 'img')) {
      const url = images.resolve(value);
      if (url !== null) out[key] = url;
    } else if (key === 'srcset' && tagName === 'img') {
      const srcset = sanitizeSrcset(value, images);
      if (srcset !== null) out[key] = srcset;
    } else if (key === 'href') {
      if (LINK_HREF.test(value.trim())) out[key] = value.trim();
    } else if (key !== 'target' && key !== 'rel') {
      out[key] = value;
    }
  }
  if (tagName === 'a' && out['href'] !== undefined && !out['href'].startsWith('#')) {
    out['target'] = '_blank';
    out['rel'] = 'noopener noreferrer';
  }
  return out;
};

/**
 * Makes message HTML safe to place in a web page: it is treated as hostile. Scripts, event handlers,
 * frames, forms, `<base>`, `<meta>` and dangerous URLs and CSS are removed; links open in a new
 * context without an opener; `cid:` references point at the attachment download; remote images are
 * removed and counted unless `images` is true, so opening a message does not tell the sender.
 */
export const sanitizeMessageHtml = (html: string, options: SanitizeHtmlOptions): SanitizedHtml => {
  const images = new RemoteImageCounter(options);
  const clean = sanitizeHtml(html, {
    ...BASE_OPTIONS,
    transformTags: {
      '*': (tagName, attribs) => ({ tagName, attribs: transformAttributes(tagName, attribs, images) }),
    },
  });
  return { html: clean, remoteImages: { blocked: !options.images && images.count > 0, count: images.count } };
};
