import { parseMessageSync } from '@eider/mime';
import { MAX_REFERENCES, prefixedSubject, referencesFor, replyContextOf } from './reply-context';

const treeOf = (headers: string[]) =>
  parseMessageSync(Buffer.from(`${headers.join('\r\n')}\r\n\r\nbody\r\n`)).tree;

describe('prefixedSubject', () => {
  it.each([
    ['Hello', 'reply', 'Re: Hello'],
    ['Hello', 'forward', 'Fwd: Hello'],
    ['Re: Hello', 'reply', 'Re: Hello'],
    ['AW: Hallo', 'reply', 'AW: Hallo'],
    ['Re: Hello', 'forward', 'Re: Hello'],
    ['', 'reply', 'Re:'],
  ] as const)('%s with %s gives %s', (subject, action, expected) => {
    expect(prefixedSubject(subject, action)).toBe(expected);
  });
});

describe('referencesFor', () => {
  it('appends the parent id to its references', () => {
    expect(referencesFor(['<a@x>', '<b@x>'], '<c@x>')).toEqual(['<a@x>', '<b@x>', '<c@x>']);
  });

  it('does not repeat an id already present, and copes with no parent id', () => {
    expect(referencesFor(['<a@x>'], '<a@x>')).toEqual(['<a@x>']);
    expect(referencesFor([], null)).toEqual([]);
  });

  it('keeps the root and the newest ids of a long chain', () => {
    const chain = Array.from({ length: 80 }, (_, i) => `<m${i}@x>`);
    const result = referencesFor(chain, '<last@x>');
    expect(result).toHaveLength(MAX_REFERENCES);
    expect(result[0]).toBe('<m0@x>');
    expect(result.at(-1)).toBe('<last@x>');
  });
});

describe('replyContextOf', () => {
  const tree = treeOf([
    'From: Alice <alice@example.com>',
    'To: me@example.test, Carol <carol@example.org>',
    'Cc: dave@example.net, ME@example.test',
    'Subject: =?UTF-8?Q?Caf=C3=A9?=',
    'Message-ID: <parent@example.com>',
    'References: <root@example.com>\r\n <mid@example.com>',
  ]);
  const own = new Set(['me@example.test']);

  it('threads a reply under the parent', () => {
    const context = replyContextOf(tree, 'reply', own);
    expect(context.inReplyTo).toBe('<parent@example.com>');
    expect(context.references).toEqual(['<root@example.com>', '<mid@example.com>', '<parent@example.com>']);
    expect(context.subject).toBe('Re: Café');
    expect(context.to).toEqual([{ name: 'Alice', address: 'alice@example.com' }]);
    expect(context.cc).toEqual([]);
  });

  it('answers everyone but the user on replyAll', () => {
    const context = replyContextOf(tree, 'replyAll', own);
    expect(context.to.map((item) => item.address)).toEqual(['alice@example.com', 'carol@example.org']);
    expect(context.cc.map((item) => item.address)).toEqual(['dave@example.net']);
  });

  it('prefers Reply-To, and gives a forward no recipients', () => {
    const withReplyTo = treeOf(['From: a@example.com', 'Reply-To: list@example.com', 'Subject: x']);
    expect(replyContextOf(withReplyTo, 'reply', own).to).toEqual([{ name: '', address: 'list@example.com' }]);
    const forward = replyContextOf(tree, 'forward', own);
    expect(forward.subject).toBe('Fwd: Café');
    expect(forward.to).toEqual([]);
  });
});
