import { ObjectId } from 'mongodb';
import { buildSearchFilter, escapeRegex } from './message-listing.service';

describe('escapeRegex', () => {
  it('makes every pattern character literal', () => {
    const hostile = '.*+?^${}()|[]\\/-';
    const pattern = new RegExp(escapeRegex(hostile));
    expect(pattern.test(hostile)).toBe(true);
    expect(pattern.test('anything else')).toBe(false);
    expect(new RegExp(`^${escapeRegex('a.c')}$`).test('abc')).toBe(false);
  });
});

describe('buildSearchFilter', () => {
  const user = new ObjectId();
  const mailbox = new ObjectId();

  it('always scopes to the user and the given mailboxes', () => {
    expect(buildSearchFilter(user, { mailboxes: [mailbox] })).toEqual({ user, mailbox: { $in: [mailbox] } });
  });

  it('matches lowercased address fields and case-insensitive subject and text, with capped terms', () => {
    const filter = buildSearchFilter(user, {
      mailboxes: [mailbox],
      from: 'Zed.Z',
      subject: 'A'.repeat(1000),
    });
    expect(filter.$and).toEqual([
      { 'addresses.from': { $regex: 'zed\\.z' } },
      { subject: { $regex: 'A'.repeat(256), $options: 'i' } },
    ]);
  });

  it('turns ranges and flags into plain comparisons', () => {
    const since = new Date('2024-01-01T00:00:00Z');
    const filter = buildSearchFilter(user, {
      mailboxes: [mailbox],
      since,
      minSize: 10,
      maxSize: 20,
      hasAttachments: true,
      flagged: false,
      unseen: true,
    });
    expect(filter).toMatchObject({
      idate: { $gte: since },
      size: { $gte: 10, $lte: 20 },
      hasAttachments: true,
      flagged: false,
      unseen: true,
    });
  });
});
