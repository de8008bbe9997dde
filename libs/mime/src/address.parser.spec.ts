import { decodeAddresses, parseAddressList } from './address.parser';

describe('address lists', () => {
  it('parses display names, quoted names, comments and bare addresses', () => {
    expect(
      parseAddressList('"Smith, Jo" <jo@example.com>, plain@example.com (Plain Name), <angle@example.com>'),
    ).toEqual([
      { kind: 'mailbox', name: 'Smith, Jo', route: null, mailbox: 'jo', host: 'example.com' },
      { kind: 'mailbox', name: 'Plain Name', route: null, mailbox: 'plain', host: 'example.com' },
      { kind: 'mailbox', name: null, route: null, mailbox: 'angle', host: 'example.com' },
    ]);
  });

  it('parses groups, including empty ones', () => {
    expect(parseAddressList('Team: a@x.example, B <b@x.example>; , undisclosed-recipients:;')).toEqual([
      {
        kind: 'group',
        name: 'Team',
        members: [
          { kind: 'mailbox', name: null, route: null, mailbox: 'a', host: 'x.example' },
          { kind: 'mailbox', name: 'B', route: null, mailbox: 'b', host: 'x.example' },
        ],
      },
      { kind: 'group', name: 'undisclosed-recipients', members: [] },
    ]);
  });

  it('survives broken input without throwing', () => {
    for (const value of ['', ',,,', '<<>>', '"unterminated <a@b', 'a@b@c', '@', 'Name <', ';;;:']) {
      expect(() => parseAddressList(value)).not.toThrow();
    }
    expect(parseAddressList('user@@example.com')[0]).toMatchObject({ mailbox: 'user@', host: 'example.com' });
    expect(parseAddressList('"a@b.example" <real@example.com>')[0]).toMatchObject({
      name: 'a@b.example',
      mailbox: 'real',
    });
  });

  it('decodes names and IDN domains for display', () => {
    const items = parseAddressList(
      '=?UTF-8?Q?J=C3=BCrgen?= <j@xn--mller-kva.example>, Grp: x@xn--invalid--.example;',
    );
    expect(decodeAddresses(items)).toEqual([
      { name: 'Jürgen', address: 'j@müller.example' },
      { name: '', address: 'x@xn--invalid--.example' },
    ]);
  });
});
