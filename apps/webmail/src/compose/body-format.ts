// Converting the compose body between rich (HTML) and plain text, without a DOM so it is testable anywhere.

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text as HTML paragraphs-by-line, links left as text. */
export const textToHtml = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((line) => escapeHtml(line))
    .join('<br>');

const quoteLines = (text: string): string =>
  text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');

const BLOCK = '\u0001';
const PARAGRAPH = '\u0002';
const BLOCK_RUN = new RegExp(`[${BLOCK}${PARAGRAPH}]+`, 'g');

/** HTML (the editor's or a message's) as readable plain text: blocks become lines, quotes get "> ". */
export const htmlToText = (html: string): string => {
  let rest = html.replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, '').replace(/<!--[\s\S]*?-->/g, '');
  // Innermost blockquotes first, so nested quotes gain one "> " per level.
  for (let guard = 0; guard < 20 && /<blockquote\b/i.test(rest); guard++) {
    rest = rest.replace(
      /<blockquote\b[^>]*>((?:(?!<blockquote\b)[\s\S])*?)<\/blockquote>/gi,
      (_whole, inner: string) => `\n${quoteLines(htmlToText(inner))}\n`,
    );
  }
  const text = rest
    .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_whole, href: string, label: string) => {
      const shown = label.replace(/<[^>]+>/g, '').trim();
      return shown && shown !== href && !href.startsWith('mailto:') ? `${shown} (${href})` : shown || href;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, `${BLOCK}- `)
    .replace(/<\/(p|h[1-6])>/gi, PARAGRAPH)
    .replace(/<\/?(p|div|h[1-6]|ul|ol|table|tr|li)\b[^>]*>/gi, BLOCK)
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^>]+>/g, '')
    // Where blocks meet there is one line break, or a blank line after a paragraph.
    .replace(BLOCK_RUN, (marks) => (marks.includes(PARAGRAPH) ? '\n\n' : '\n'));
  return decodeEntities(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
};

/** Whether the body has anything a person typed (an empty editor still holds markup such as <br>). */
export const isBlankHtml = (html: string): boolean => htmlToText(html).trim() === '';
