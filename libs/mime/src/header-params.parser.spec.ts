import { parseStructuredHeader } from './header-params.parser';

describe('structured header parameters', () => {
  it('reads quoted, unquoted and commented values leniently', () => {
    const parsed = parseStructuredHeader(
      'multipart/mixed (comment); boundary="a;b=c"; charset=UTF-8 (yes);; x=y z',
    );
    expect(parsed.value).toBe('multipart/mixed');
    expect(parsed.params).toEqual([
      { name: 'boundary', value: 'a;b=c' },
      { name: 'charset', value: 'UTF-8' },
      { name: 'x', value: 'y z' },
    ]);
  });

  it('merges RFC 2231 continuations, decoding for display but keeping the wire form', () => {
    const parsed = parseStructuredHeader(
      'attachment; filename*1*=%E2%82%AC.txt; filename*0*=utf-8\'en\'caf%C3%A9%20; title*0="plain "; title*1=part',
    );
    expect(parsed.params).toEqual([
      { name: 'filename', value: 'café €.txt' },
      { name: 'title', value: 'plain part' },
    ]);
    expect(parsed.wireParams).toEqual([
      { name: 'filename*', value: "utf-8'en'caf%C3%A9%20%E2%82%AC.txt" },
      { name: 'title', value: 'plain part' },
    ]);
  });

  it('decodes RFC 2231 values in legacy charsets and RFC 2047 words in plain values', () => {
    expect(parseStructuredHeader("inline; filename*=iso-8859-1''na%EFve.txt").params[0]?.value).toBe(
      'naïve.txt',
    );
    expect(parseStructuredHeader('inline; filename="=?UTF-8?B?0KTQsNC50LsudHh0?="').params[0]?.value).toBe(
      'Файл.txt',
    );
  });

  it('prefers nothing over garbage: names without values are skipped, unterminated quotes run to the end', () => {
    expect(parseStructuredHeader('text/plain; flowed; name="unterminated').params).toEqual([
      { name: 'name', value: 'unterminated' },
    ]);
  });
});
