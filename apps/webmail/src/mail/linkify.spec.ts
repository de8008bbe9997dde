import { linkify } from './linkify';

describe('linkify', () => {
  it('turns URLs and addresses into links and keeps the rest as text', () => {
    expect(linkify('See https://x.test/a?b=1, or mail bob@example.com.')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://x.test/a?b=1', href: 'https://x.test/a?b=1' },
      { kind: 'text', text: ', or mail ' },
      { kind: 'link', text: 'bob@example.com', href: 'mailto:bob@example.com' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('prefixes www links with https and never links javascript:', () => {
    expect(linkify('www.x.test')).toEqual([{ kind: 'link', text: 'www.x.test', href: 'https://www.x.test' }]);
    expect(linkify('javascript:alert(1)')).toEqual([{ kind: 'text', text: 'javascript:alert(1)' }]);
  });
});
