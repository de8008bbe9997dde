import { normalizeAddress, normalizeDomain, splitSubaddress } from './address-normalizer';

describe('normalizeAddress', () => {
  // The example pairs уайлддак.орг with xn--80aalwqglfe.xn--c1avg, but that A-label decodes to
  // краснодар.орг; уайлддак.орг is xn--80aalaxjd5d.xn--c1avg.
  it('treats the Unicode and the punycode forms of an IDN address as one address', () => {
    const unicode = normalizeAddress('андрис@уайлддак.орг');
    const ascii = normalizeAddress('андрис@xn--80aalaxjd5d.xn--c1avg');
    expect(unicode?.address).toBe('андрис@уайлддак.орг');
    expect(ascii?.address).toBe(unicode?.address);
    expect(unicode?.asciiDomain).toBe('xn--80aalaxjd5d.xn--c1avg');
    expect(normalizeAddress('андрис@xn--80aalwqglfe.xn--c1avg')?.domain).toBe('краснодар.орг');
  });

  it('lowercases and applies NFC so composed and decomposed forms match', () => {
    const decomposed = 'Jo\u0073e\u0301@Example.COM';
    expect(normalizeAddress(decomposed)?.address).toBe('jos\u00e9@example.com');
    expect(normalizeAddress('<User@Example.com>')?.address).toBe('user@example.com');
  });

  it.each([
    '',
    'plain',
    '@example.com',
    'user@',
    'a b@example.com',
    'user@exa mple.com',
    'a..b@example.com',
    'user@-bad.com',
    'user@example..com',
    `${'x'.repeat(65)}@example.com`,
    'user@xn--zz.com',
  ])('rejects %j', (input) => {
    expect(normalizeAddress(input)).toBeNull();
  });

  it('accepts a trailing root dot and returns both domain forms', () => {
    expect(normalizeDomain('Bücher.example.')).toEqual({
      unicode: 'bücher.example',
      ascii: 'xn--bcher-kva.example',
    });
  });
});

describe('splitSubaddress', () => {
  it('splits at the first plus and leaves plain or leading-plus locals alone', () => {
    expect(splitSubaddress('user+lists+x')).toEqual({ base: 'user', tag: 'lists+x' });
    expect(splitSubaddress('user')).toEqual({ base: 'user', tag: null });
    expect(splitSubaddress('+only')).toEqual({ base: '+only', tag: null });
  });
});
