import { matchesQuery, parseForwardTarget, resolveActions } from './filter.matcher';
import type { MessageFacts } from './filter.types';

const facts = (overrides: Partial<MessageFacts> = {}): MessageFacts => ({
  from: ['alice@example.com', 'alice liddell'],
  to: ['bob@example.org', 'list-copy@example.net', 'delivered@example.org'],
  subject: 'quarterly report: q3',
  listId: 'dev.lists.example.com',
  text: 'hello bob, the numbers are attached.',
  hasAttachments: true,
  size: 5000,
  ...overrides,
});

describe('matchesQuery', () => {
  it('matches an empty query', () => {
    expect(matchesQuery({}, facts())).toBe(true);
  });

  it.each([
    ['from', { from: 'ALICE@Example' }, { from: 'carol@' }],
    ['from by display name', { from: 'Liddell' }, { from: 'Dodgson' }],
    ['to (To header)', { to: 'BOB@' }, { to: 'dave@' }],
    ['to (Cc / Delivered-To)', { to: 'Delivered@example.org' }, { to: 'nobody@example.org' }],
    ['subject', { subject: 'REPORT: Q3' }, { subject: 'q4' }],
    ['listId', { listId: 'DEV.lists' }, { listId: 'ops.lists' }],
    ['text', { text: 'Numbers ARE' }, { text: 'invoice' }],
    ['ha', { ha: true }, { ha: false }],
    ['size larger', { size: 4999 }, { size: 5000 }],
    ['size smaller', { size: -5001 }, { size: -5000 }],
  ])('%s: matches and misses', (_label, hit, miss) => {
    expect(matchesQuery(hit, facts())).toBe(true);
    expect(matchesQuery(miss, facts())).toBe(false);
  });

  it('needs every set field to match', () => {
    expect(matchesQuery({ from: 'alice', subject: 'report' }, facts())).toBe(true);
    expect(matchesQuery({ from: 'alice', subject: 'invoice' }, facts())).toBe(false);
  });

  it('treats a missing List-Id as an empty string that no non-empty needle matches', () => {
    expect(matchesQuery({ listId: 'x' }, facts({ listId: '' }))).toBe(false);
  });
});

describe('parseForwardTarget', () => {
  it('classifies addresses, http and smtp URLs', () => {
    expect(parseForwardTarget('user@example.com')).toEqual({ kind: 'address', value: 'user@example.com' });
    expect(parseForwardTarget('mailto:user@example.com')).toEqual({
      kind: 'address',
      value: 'user@example.com',
    });
    expect(parseForwardTarget('https://hooks.example.com/in')).toEqual({
      kind: 'http',
      value: 'https://hooks.example.com/in',
    });
    expect(parseForwardTarget('smtp://relay.example.com:2525')).toEqual({
      kind: 'smtp',
      value: 'smtp://relay.example.com:2525',
    });
  });

  it.each(['', 'not an address', 'ftp://example.com', 'http://', 'a@b@c'])('rejects %j', (input) => {
    expect(parseForwardTarget(input)).toBeNull();
  });
});

describe('resolveActions', () => {
  it('lets the first filter that sets a field decide it and accumulates targets', () => {
    const resolved = resolveActions(
      [
        { name: 'one', query: { from: 'alice' }, action: { seen: true, targets: ['a@example.com'] } },
        { name: 'miss', query: { from: 'nobody' }, action: { flag: true, targets: ['x@example.com'] } },
        {
          name: 'two',
          query: { subject: 'report' },
          action: {
            seen: false,
            flag: true,
            mailbox: 'Reports',
            targets: ['https://hook.example/x', 'A@example.com'],
          },
        },
        { name: 'three', query: {}, action: { mailbox: 'Other', delete: true, spam: false } },
      ],
      facts(),
    );
    expect(resolved.seen).toBe(true);
    expect(resolved.flag).toBe(true);
    expect(resolved.mailbox).toBe('Reports');
    expect(resolved.delete).toBe(true);
    expect(resolved.spam).toBe(false);
    expect(resolved.targets).toEqual([
      { kind: 'address', value: 'a@example.com' },
      { kind: 'http', value: 'https://hook.example/x' },
    ]);
    expect(resolved.matched).toEqual(['one', 'two', 'three']);
  });

  it('leaves everything undecided when nothing matches', () => {
    const resolved = resolveActions([{ name: 'x', query: { from: 'zed' }, action: { spam: true } }], facts());
    expect(resolved).toEqual({
      seen: false,
      flag: false,
      delete: false,
      spam: undefined,
      mailbox: undefined,
      targets: [],
      matched: [],
    });
  });

  it('a filter setting seen: false still decides the field', () => {
    const resolved = resolveActions(
      [
        { name: 'a', query: {}, action: { seen: false } },
        { name: 'b', query: {}, action: { seen: true } },
      ],
      facts(),
    );
    expect(resolved.seen).toBe(false);
  });
});
