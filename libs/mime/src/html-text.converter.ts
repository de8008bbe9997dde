const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '\u00a9',
  reg: '\u00ae',
  hellip: '\u2026',
  mdash: '\u2014',
  ndash: '\u2013',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  euro: '\u20ac',
  zwnj: '',
  zwj: '',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

const INVISIBLE = new Set(['head', 'style', 'script', 'title']);
const BLOCK_END = new Set([
  'br',
  '/p',
  '/div',
  '/tr',
  '/li',
  '/h1',
  '/h2',
  '/h3',
  '/h4',
  '/h5',
  '/h6',
  '/blockquote',
]);

/**
 * Rough HTML-to-text for previews and search, not for rendering: drops invisible blocks
 * (head, style, script, title, comments), turns block ends into line breaks, strips tags.
 * A single left-to-right scan, so hostile markup (thousands of unclosed tags) stays linear.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  const lower = html.toLowerCase();
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out.push(html.slice(i));
      break;
    }
    out.push(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end === -1) break;
      i = end + 3;
      out.push(' ');
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) break;
    const name = /^\/?[a-z0-9]*/.exec(lower.slice(lt + 1, Math.min(gt, lt + 12)))?.[0] ?? '';
    i = gt + 1;
    if (INVISIBLE.has(name)) {
      const close = lower.indexOf(`</${name}`, i);
      if (close === -1) break;
      const closeEnd = html.indexOf('>', close);
      i = closeEnd === -1 ? html.length : closeEnd + 1;
    }
    out.push(BLOCK_END.has(name) ? '\n' : ' ');
  }
  return decodeEntities(out.join(''));
}

const SPACE = /[\s\u200b\u200c\u200d]/;

/** Whitespace collapsed to single spaces, cut to `max` code points; stops reading once it has enough. */
export function makePreview(text: string, max: number): string {
  let out = '';
  let count = 0;
  let pendingSpace = false;
  for (const ch of text) {
    if (SPACE.test(ch)) {
      pendingSpace = count > 0;
      continue;
    }
    if (count >= max) break;
    if (pendingSpace) {
      if (count + 1 >= max) break;
      out += ' ';
      count++;
      pendingSpace = false;
    }
    out += ch;
    count++;
  }
  return out;
}
