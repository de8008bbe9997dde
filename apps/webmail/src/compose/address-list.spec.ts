import { formatAddress, isValidAddress, parseAddressList, uniqueAddresses } from './address-list';

describe('parseAddressList', () => {
  it('reads bare addresses and named ones, split by commas, semicolons or lines', () => {
    expect(
      parseAddressList('ann@example.org, Bo Li <bo@example.net>; "Smith, J" <j@example.com>\ncat@x.io'),
    ).toEqual({
      addresses: [
        { name: '', address: 'ann@example.org' },
        { name: 'Bo Li', address: 'bo@example.net' },
        { name: 'Smith, J', address: 'j@example.com' },
        { name: '', address: 'cat@x.io' },
      ],
      invalid: [],
    });
  });

  it('keeps what is no address aside', () => {
    expect(parseAddressList('ann, bo@, @x.org, Ann <not an address>, ok@x.org')).toEqual({
      addresses: [{ name: '', address: 'ok@x.org' }],
      invalid: ['ann', 'bo@', '@x.org', 'Ann <not an address>'],
    });
  });

  it('ignores empty pieces and mailto:', () => {
    expect(parseAddressList(' , ;mailto:ann@example.org,, ').addresses).toEqual([
      { name: '', address: 'ann@example.org' },
    ]);
    expect(parseAddressList('')).toEqual({ addresses: [], invalid: [] });
  });

  it('accepts internationalised addresses', () => {
    expect(isValidAddress('renée@exämple.de')).toBe(true);
    expect(isValidAddress('a b@x.org')).toBe(false);
    expect(isValidAddress('ann@localhost')).toBe(false);
  });
});

describe('formatAddress', () => {
  it('quotes names with special characters and leaves plain ones', () => {
    expect(formatAddress({ name: 'Ann', address: 'a@x.org' })).toBe('Ann <a@x.org>');
    expect(formatAddress({ name: 'Smith, J', address: 'j@x.org' })).toBe('"Smith, J" <j@x.org>');
    expect(formatAddress({ name: '', address: 'a@x.org' })).toBe('a@x.org');
  });
});

describe('uniqueAddresses', () => {
  it('drops repeats ignoring case and keeps the first', () => {
    expect(
      uniqueAddresses([
        { name: 'A', address: 'a@x.org' },
        { name: '', address: 'A@X.org' },
        { name: 'B', address: 'b@x.org' },
      ]),
    ).toEqual([
      { name: 'A', address: 'a@x.org' },
      { name: 'B', address: 'b@x.org' },
    ]);
  });
});
