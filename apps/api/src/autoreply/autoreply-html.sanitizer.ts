import sanitizeHtml from 'sanitize-html';

// Recipients' mail clients render this HTML: keep formatting, drop scripts, handlers and odd URL schemes.
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
  allowedAttributes: {
    ...sanitizeHtml.defaults.allowedAttributes,
    img: ['src', 'alt', 'title', 'width', 'height'],
    '*': ['style'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https', 'cid'] },
  allowProtocolRelative: false,
};

export const sanitizeAutoreplyHtml = (html: string): string => sanitizeHtml(html, OPTIONS);
