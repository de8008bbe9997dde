import { CrlfConverter } from './line-ending.normalizer';
import { parseMessageSync } from './message.parser';
import { MimeError } from './mime-error';
import { openSection, readSection } from './section.reader';
import { parseSectionSpec } from './section-spec.parser';
import { memoryStore, parseChunks } from './testing/mime-test.helpers';

const RAW = Buffer.from(
  [
    'From: Alice <alice@example.com>',
    'To: bob@example.com',
    'Subject: sections',
    'X-Folded: one',
    '  two',
    'Content-Type: multipart/mixed; boundary=outer',
    '',
    'preamble',
    '--outer',
    'Content-Type: text/plain',
    '',
    'part one',
    '--outer',
    'Content-Type: multipart/alternative; boundary=inner',
    '',
    '--inner',
    'Content-Type: text/plain',
    '',
    'alt text',
    '--inner',
    'Content-Type: text/html',
    '',
    '<p>alt html</p>',
    '--inner--',
    '--outer',
    'Content-Type: message/rfc822',
    '',
    'From: inner@example.com',
    'Subject: inner message',
    'Content-Type: multipart/mixed; boundary=deep',
    '',
    '--deep',
    'Content-Type: text/plain',
    '',
    'deep one',
    '--deep',
    'Content-Type: application/octet-stream',
    '',
    'deep two',
    '--deep--',
    '--outer',
    'Content-Type: message/rfc822',
    '',
    'Subject: simple inner',
    '',
    'simple body',
    '--outer--',
    'epilogue',
    '',
  ].join('\r\n'),
);

const text = RAW.toString('latin1');
/** Bytes between the end of `before` (searched from `from`) and the start of `until`. */
function between(before: string, until: string, from = 0): string {
  const start = text.indexOf(before, from) + before.length;
  return text.slice(start, text.indexOf(until, start));
}

async function section(spec: string, raw = RAW): Promise<string | null> {
  const buf = await readSection(parseMessageSync(raw).tree, spec);
  return buf === null ? null : buf.toString('latin1');
}

describe('section reads', () => {
  const headerEnd = text.indexOf('\r\n\r\n') + 4;

  it.each([
    ['', text],
    ['HEADER', text.slice(0, headerEnd)],
    ['TEXT', text.slice(headerEnd)],
    ['1', 'part one'],
    ['1.MIME', 'Content-Type: text/plain\r\n\r\n'],
    ['2', between('boundary=inner\r\n\r\n', '\r\n--outer')],
    ['2.1', 'alt text'],
    ['2.2', '<p>alt html</p>'],
    ['2.2.MIME', 'Content-Type: text/html\r\n\r\n'],
    ['3', between('message/rfc822\r\n\r\n', '\r\n--outer')],
    ['3.MIME', 'Content-Type: message/rfc822\r\n\r\n'],
    ['3.HEADER', between('message/rfc822\r\n\r\n', '--deep\r\n')],
    ['3.TEXT', between('boundary=deep\r\n\r\n', '\r\n--outer')],
    ['3.1', 'deep one'],
    ['3.2', 'deep two'],
    ['3.2.MIME', 'Content-Type: application/octet-stream\r\n\r\n'],
    ['3.HEADER.FIELDS (subject)', 'Subject: inner message\r\n\r\n'],
    ['4', 'Subject: simple inner\r\n\r\nsimple body'],
    ['4.TEXT', 'simple body'],
    ['4.1', 'simple body'],
    ['4.1.MIME', 'Subject: simple inner\r\n\r\n'],
    ['HEADER.FIELDS (SUBJECT from)', 'From: Alice <alice@example.com>\r\nSubject: sections\r\n\r\n'],
    ['header.fields ("X-Folded")', 'X-Folded: one\r\n  two\r\n\r\n'],
    ['HEADER.FIELDS.NOT (From Subject X-Folded Content-Type)', 'To: bob@example.com\r\n\r\n'],
    ['HEADER.FIELDS (X-Missing)', '\r\n'],
  ])('BODY[%s] matches the original bytes', async (spec, expected) => {
    expect(await section(spec)).toBe(expected);
  });

  it.each(['5', '1.1', '1.HEADER', '2.3', '3.3', '4.2', '3.1.1'])('BODY[%s] does not exist', async (spec) => {
    expect(await section(spec)).toBeNull();
  });

  it.each([
    ['<0.10>', 0, 10],
    ['<5>', 5, text.length],
    ['TEXT<5.20>', headerEnd + 5, headerEnd + 25],
    ['<100000.10>', text.length, text.length],
  ])('applies the partial range %s to the section output', async (spec, from, to) => {
    expect(await section(spec)).toBe(text.slice(from, to));
  });

  it('applies partial ranges to synthesised header fields and nested parts', async () => {
    expect(await section('HEADER.FIELDS (Subject)<3.6>')).toBe('Subject: sections\r\n\r\n'.slice(3, 9));
    expect(await section('3.1<2.3>')).toBe('ep ');
  });

  it('reports both the full size and the partial length up front', () => {
    const content = openSection(parseMessageSync(RAW).tree, 'TEXT<10.25>');
    expect(content?.size).toBe(text.length - headerEnd);
    expect(content?.length).toBe(25);
  });

  it('numbers the only part of a non-multipart message as 1', async () => {
    const raw = Buffer.from('Subject: single\r\n\r\nthe body\r\n');
    expect(await section('1', raw)).toBe('the body\r\n');
    expect(await section('TEXT', raw)).toBe('the body\r\n');
    expect(await section('1.MIME', raw)).toBe('Subject: single\r\n\r\n');
    expect(await section('2', raw)).toBeNull();
  });

  it('reads only the external bodies a section needs', async () => {
    const store = memoryStore();
    const { tree } = await parseChunks([RAW], { sink: store.sink, inlineThreshold: 4 });
    expect(store.blobs.size).toBeGreaterThan(5);
    expect((await readSection(tree, '2.2', { readExternal: store.read }))?.toString()).toBe(
      '<p>alt html</p>',
    );
    expect(store.reads).toHaveLength(1);
    expect(store.blobs.get(store.reads[0]!.key)?.toString()).toBe('<p>alt html</p>');
    store.reads.length = 0;
    expect((await readSection(tree, '3.HEADER', { readExternal: store.read }))?.toString()).toContain(
      'Subject: inner message',
    );
    expect(store.reads).toHaveLength(0);
    expect((await readSection(tree, '<0.4000>', { readExternal: store.read }))?.toString('latin1')).toBe(
      text,
    );
    store.reads.length = 0;
    expect((await readSection(tree, 'TEXT<1.3>', { readExternal: store.read }))?.toString()).toBe('rea');
    expect(store.reads).toEqual([{ key: expect.any(String) as string, start: 1, end: 4 }]);
  });

  it('converts bare LF to CRLF on request, with sizes and ranges in converted bytes', async () => {
    const lf = Buffer.from(RAW.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    const normalised = new CrlfConverter().push(lf).toString('latin1');
    expect(normalised).toBe(text);
    const store = memoryStore();
    const external = (await parseChunks([lf], { sink: store.sink, inlineThreshold: 4 })).tree;
    for (const tree of [parseMessageSync(lf).tree, external]) {
      const full = openSection(tree, '', { crlf: true, readExternal: store.read });
      expect(full?.size).toBe(RAW.length);
      const out = await readSection(tree, 'TEXT<7.40>', { crlf: true, readExternal: store.read });
      expect(out?.toString('latin1')).toBe(text.slice(headerEnd + 7, headerEnd + 47));
      expect((await readSection(tree, '3.HEADER.FIELDS (Subject)', { crlf: true }))?.toString()).toBe(
        'Subject: inner message\r\n\r\n',
      );
    }
    expect((await readSection(parseMessageSync(lf).tree, '3.HEADER.FIELDS (Subject)'))?.toString()).toBe(
      'Subject: inner message\n\n',
    );
  });
});

describe('section specifier parsing', () => {
  it('parses part numbers, keywords, field lists and partials', () => {
    expect(parseSectionSpec('1.2.HEADER.FIELDS.NOT (From "X-Odd Name")<0.100>')).toEqual({
      part: [1, 2],
      kind: 'HEADER.FIELDS.NOT',
      fields: ['From', 'X-Odd Name'],
      partial: { start: 0, length: 100 },
    });
    expect(parseSectionSpec('')).toEqual({ part: [], kind: 'FULL', fields: [], partial: null });
    expect(parseSectionSpec('3.mime')).toMatchObject({ part: [3], kind: 'MIME' });
    expect(parseSectionSpec('2.1')).toMatchObject({ part: [2, 1], kind: 'FULL' });
  });

  it.each(['MIME', '0', '1.0.TEXT', 'BODY', 'HEADER.FIELDS ()', 'HEADER.FIELDS', '1.TEXT<0.0>'])(
    'rejects %s',
    (spec) => {
      expect(() => parseSectionSpec(spec)).toThrow(MimeError);
    },
  );
});
