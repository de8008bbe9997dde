import { MimeError } from './mime-error';

export type SectionKind = 'FULL' | 'HEADER' | 'TEXT' | 'MIME' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT';

/** A FETCH BODY[...] section with its optional <start.length> partial. */
export interface SectionSpec {
  part: number[];
  kind: SectionKind;
  /** Header names for HEADER.FIELDS[.NOT], as given. */
  fields: string[];
  partial: { start: number; length: number | null } | null;
}

function invalid(text: string): MimeError {
  return new MimeError('INVALID_SECTION', `invalid section specifier: ${text}`);
}

function parseFieldList(list: string, text: string): string[] {
  const fields: string[] = [];
  for (const m of list.matchAll(/"((?:[^"\\]|\\.)*)"|([^\s"]+)/g)) {
    const name = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '');
    if (name !== '') fields.push(name);
  }
  if (fields.length === 0) throw invalid(text);
  return fields;
}

/**
 * Parses the text between the brackets of BODY[...] (plus an optional trailing
 * `<start.length>`), e.g. `1.2.HEADER.FIELDS (From To)<0.100>`. Keywords are case-insensitive.
 */
export function parseSectionSpec(text: string): SectionSpec {
  let rest = text.trim();
  let partial: SectionSpec['partial'] = null;
  const p = /<(\d+)(?:\.(\d+))?>$/.exec(rest);
  if (p) {
    partial = { start: Number(p[1]), length: p[2] === undefined ? null : Number(p[2]) };
    if (partial.length === 0) throw invalid(text);
    rest = rest.slice(0, p.index).trimEnd();
  }
  const m = /^(\d+(?:\.\d+)*)(?:\.(.+))?$/s.exec(rest);
  const part = m ? (m[1] ?? '').split('.').map(Number) : [];
  const keyword = m ? (m[2] ?? '') : rest;
  if (part.some((n) => n < 1)) throw invalid(text);
  const upper = keyword.toUpperCase();
  let kind: SectionKind;
  let fields: string[] = [];
  if (upper === '') kind = 'FULL';
  else if (upper === 'HEADER' || upper === 'TEXT') kind = upper;
  else if (upper === 'MIME') {
    if (part.length === 0) throw invalid(text);
    kind = 'MIME';
  } else {
    const f = /^HEADER\.FIELDS(\.NOT)?\s*\((.*)\)$/is.exec(keyword);
    if (!f) throw invalid(text);
    kind = f[1] ? 'HEADER.FIELDS.NOT' : 'HEADER.FIELDS';
    fields = parseFieldList(f[2] ?? '', text);
  }
  return { part, kind, fields, partial };
}
