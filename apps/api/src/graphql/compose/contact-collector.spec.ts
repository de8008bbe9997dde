import type { Envelope, EnvelopeAddress } from '@eider/mime';
import { collectContacts } from './contact-collector';

const person = (name: string | null, address: string): EnvelopeAddress => {
  const [mailbox, host] = address.split('@');
  return { name, adl: null, mailbox: mailbox ?? null, host: host ?? null };
};

const envelope = (parts: Partial<Pick<Envelope, 'from' | 'to' | 'cc' | 'bcc'>>): Envelope => ({
  date: null,
  subject: null,
  from: null,
  sender: null,
  replyTo: null,
  to: null,
  cc: null,
  bcc: null,
  inReplyTo: null,
  messageId: null,
  ...parts,
});

const at = (day: number): Date => new Date(Date.UTC(2026, 0, day));

describe('collectContacts', () => {
  const samples = [
    {
      envelope: envelope({ from: [person(null, 'ann@example.org')], to: [person('Me', 'me@example.test')] }),
      idate: at(5),
    },
    {
      envelope: envelope({
        from: [person('Ann Lee', 'Ann@Example.org')],
        cc: [person('Bo', 'bo@annex.net')],
      }),
      idate: at(2),
    },
    {
      envelope: envelope({ to: [person('Zed', 'zed@example.org')], bcc: [person('Hidden', 'hidden@x.org')] }),
      idate: at(9),
    },
  ];

  it('merges an address across messages case-insensitively, keeping a name and the newest use', () => {
    const ann = collectContacts(samples, 'ann@', 10);
    expect(ann).toEqual([{ name: 'Ann Lee', address: 'ann@example.org', lastUsed: at(5) }]);
  });

  it('matches names and addresses as substrings, prefixes first, then newest first', () => {
    expect(collectContacts(samples, 'ann', 10).map((contact) => contact.address)).toEqual([
      'ann@example.org',
      'bo@annex.net',
    ]);
    expect(collectContacts(samples, 'EXAMPLE', 10).map((contact) => contact.address)).toEqual([
      'zed@example.org',
      'ann@example.org',
      'me@example.test',
    ]);
  });

  it('ignores Bcc, limits the count and gives everyone for an empty query', () => {
    expect(collectContacts(samples, 'hidden', 10)).toEqual([]);
    expect(collectContacts(samples, '', 2)).toHaveLength(2);
    expect(collectContacts(samples, '  ', 10)).toHaveLength(4);
    expect(collectContacts([], 'a', 10)).toEqual([]);
  });
});
