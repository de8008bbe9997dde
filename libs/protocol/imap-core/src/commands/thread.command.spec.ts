import { useMemorySession } from '../testing/memory-session';

const mail = (headers: Record<string, string>): string =>
  `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\nbody\r\n`;

describe('THREAD', () => {
  const session = useMemorySession({
    seed: (backend) => {
      const deliver = (headers: Record<string, string>): number =>
        backend.deliver('alice', 'INBOX', mail(headers), [], new Date('2024-02-01T00:00:00Z'));
      const date = (day: number): string => `Mon, ${String(day).padStart(2, '0')} Jan 2024 12:00:00 +0000`;
      deliver({ 'Message-ID': '<a@x>', Subject: 'Plans', Date: date(1) });
      deliver({ 'Message-ID': '<b@x>', References: '<a@x>', Subject: 'Re: Plans', Date: date(3) });
      deliver({ 'Message-ID': '<c@x>', Subject: 'Other', Date: date(2) });
      deliver({
        'Message-ID': '<d@x>',
        'In-Reply-To': '<a@x>',
        Subject: 'Re: Plans',
        Date: date(4),
      });
      deliver({ 'Message-ID': '<e@x>', References: '<a@x> <b@x>', Subject: 'Re: Plans', Date: date(5) });
      deliver({ 'Message-ID': '<f@x>', Subject: '=?UTF-8?Q?Re=3A_Other?=', Date: date(6) });
    },
  });

  const thread = async (command: string): Promise<string> => {
    const r = await session.client.command('q', command);
    const line = /\* THREAD([^\r]*)\r\n/.exec(r);
    if (!line || !/q OK/.test(r)) throw new Error(r);
    return (line[1] as string).trim();
  };

  it.each([
    ['THREAD REFERENCES UTF-8 ALL', '(1 (2 5)(4))(3 6)'],
    ['THREAD references us-ascii ALL', '(1 (2 5)(4))(3 6)'],
    ['THREAD ORDEREDSUBJECT UTF-8 ALL', '(1 (2)(4)(5))(3 6)'],
    // Without 1 its replies hang from a dummy dated by its first child (Jan 3), after 3 (Jan 2).
    ['THREAD REFERENCES UTF-8 NOT 1', '(3 6)((2 5)(4))'],
    ['THREAD REFERENCES UTF-8 SUBJECT other', '(3 6)'],
  ])('%s -> %s', async (command, expected) => {
    expect(await thread(command)).toBe(expected);
  });

  it('answers UIDs for UID THREAD', async () => {
    await session.client.command('d', 'STORE 1 +FLAGS (\\Deleted)');
    await session.client.command('e', 'EXPUNGE');
    expect(await thread('THREAD REFERENCES UTF-8 ALL')).toBe('(2 5)((1 4)(3))');
    expect(await thread('UID THREAD REFERENCES UTF-8 ALL')).toBe('(3 6)((2 5)(4))');
  });

  it('answers an empty THREAD when nothing matches', async () => {
    expect(await session.client.command('q', 'THREAD REFERENCES UTF-8 SUBJECT nope')).toMatch(
      /^\* THREAD\r\nq OK/m,
    );
  });

  it.each([
    ['THREAD BOGUS UTF-8 ALL', /q BAD/],
    ['THREAD REFERENCES', /q BAD/],
    ['THREAD REFERENCES UTF-8', /q BAD/],
    ['THREAD', /q BAD/],
    ['THREAD (REFERENCES) UTF-8 ALL', /q BAD/],
    ['THREAD REFERENCES ISO-8859-1 ALL', /q NO \[BADCHARSET \(UTF-8 US-ASCII\)\]/],
  ])('%s is refused', async (command, expected) => {
    expect(await session.client.command('q', command)).toMatch(expected);
  });
});
