export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/gi;
const TRAILING = /[).,;:!?'"\]]+$/;

/**
 * Splits plain text into text and links. Only http(s) and mailto targets are made, so a message cannot smuggle
 * a javascript: link in.
 */
export const linkify = (text: string): TextPart[] => {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    let raw = match[0];
    const trailing = TRAILING.exec(raw)?.[0] ?? '';
    raw = raw.slice(0, raw.length - trailing.length);
    if (!raw) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    const href = raw.includes('://')
      ? raw
      : raw.includes('@') && !raw.startsWith('www.')
        ? `mailto:${raw}`
        : `https://${raw}`;
    parts.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
};
