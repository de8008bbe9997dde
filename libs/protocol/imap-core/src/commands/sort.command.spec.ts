import { useMemorySession } from '../testing/memory-session';

const mail = (headers: Record<string, string>, body = 'body'): string =>
  `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}\r\n`;

describe('SORT', () => {
  const session = useMemorySession({
    seed: (backend) => {
      const deliver = (headers: Record<string, string>, idate: string, body?: string): number =>
        backend.deliver('alice', 'INBOX', mail(headers, body), [], new Date(idate));
      deliver(
        {
          From: '"Zed Zulu" <zed@b.example>',
          To: 'mike@example.com',
          Subject: 'Re: [list] Fwd: Re: banana (fwd)',
          Date: 'Tue, 02 Jan 2024 10:00:00 +0200',
        },
        '2024-01-05T00:00:00Z',
      );
      deliver(
        {
          From: 'adam@a.example',
          To: '"Bea" <zoe@example.com>',
          Cc: 'carl@example.com',
          Subject: '=?UTF-8?Q?=C3=A4pfel?=',
          Date: 'Tue, 02 Jan 2024 07:30:00 -0100',
        },
        '2024-01-04T00:00:00Z',
        'x'.repeat(500),
      );
      deliver({ From: '=?UTF-8?B?w4RsZg==?= <bob@c.example>', Subject: 'apple' }, '2024-01-01T00:00:00Z');
      deliver({ From: 'carol@d.example', Subject: 'Cherry', Date: 'not a date' }, '2024-01-03T00:00:00Z');
    },
  });

  const untagged = async (name: string, command: string): Promise<string> => {
    const r = await session.client.command('q', Buffer.from(command, 'utf8').toString('latin1'));
    const line = new RegExp(`\\* ${name}([^\\r]*)\\r\\n`).exec(r);
    if (!line || !/q OK/.test(r)) throw new Error(r);
    return (line[1] as string).trim();
  };
  const sort = (command: string): Promise<string> => untagged('SORT', command);

  it('advertises SORT, SORT=DISPLAY and the THREAD algorithms', async () => {
    const caps = await session.client.command('c', 'CAPABILITY');
    for (const cap of ['SORT', 'SORT=DISPLAY', 'THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES'])
      expect(caps.split(/[\s\r\n]+/)).toContain(cap);
  });

  it.each([
    // Sent dates (UTC): 1 = 08:00 Jan 2, 2 = 08:30 Jan 2, 3 = INTERNALDATE Jan 1, 4 = INTERNALDATE Jan 3.
    ['SORT (DATE) UTF-8 ALL', '3 1 2 4'],
    ['SORT (REVERSE DATE) UTF-8 ALL', '4 2 1 3'],
    ['SORT (ARRIVAL) UTF-8 ALL', '3 4 2 1'],
    ['SORT (SUBJECT) UTF-8 ALL', '3 2 1 4'],
    ['SORT (REVERSE SIZE ARRIVAL) US-ASCII ALL', '2 1 3 4'],
    ['SORT (FROM) UTF-8 ALL', '2 3 4 1'],
    ['SORT (TO) UTF-8 ALL', '3 4 1 2'],
    ['SORT (CC) UTF-8 ALL', '1 3 4 2'],
    ['SORT (DISPLAYFROM) UTF-8 ALL', '2 3 4 1'],
    ['SORT (DISPLAYTO) UTF-8 ALL', '3 4 2 1'],
    ['SORT (SUBJECT) UTF-8 NOT FROM zed', '3 2 4'],
    ['SORT (DATE) UTF-8 2:3', '3 2'],
    ['SORT (DATE) "UTF-8" SUBJECT "äpfel"', '2'],
  ])('%s -> %s', async (command, expected) => {
    expect(await sort(command)).toBe(expected);
  });

  it('answers UIDs for UID SORT and sequence numbers for SORT', async () => {
    await session.client.command('d', 'STORE 1 +FLAGS (\\Deleted)');
    await session.client.command('e', 'EXPUNGE');
    expect(await sort('SORT (DATE) UTF-8 ALL')).toBe('2 1 3');
    expect(await sort('UID SORT (DATE) UTF-8 ALL')).toBe('3 2 4');
  });

  it('answers an empty SORT when nothing matches', async () => {
    const r = await session.client.command('q', 'SORT (DATE) UTF-8 SUBJECT nothing-like-this');
    expect(r).toMatch(/^\* SORT\r\nq OK/m);
  });

  it.each([
    ['SORT (BOGUS) UTF-8 ALL', /q BAD/],
    ['SORT () UTF-8 ALL', /q BAD/],
    ['SORT (REVERSE) UTF-8 ALL', /q BAD/],
    ['SORT DATE UTF-8 ALL', /q BAD/],
    ['SORT (DATE)', /q BAD/],
    ['SORT (DATE) UTF-8', /q BAD/],
    ['SORT', /q BAD/],
    ['SORT (DATE) UTF-8 NOSUCHKEY', /q BAD/],
    ['SORT (DATE) UTF-8 RETURN (ALL) ALL', /q BAD/],
    ['SORT (DATE) KOI8-R ALL', /q NO \[BADCHARSET \(UTF-8 US-ASCII\)\]/],
  ])('%s is refused', async (command, expected) => {
    expect(await session.client.command('q', command)).toMatch(expected);
  });

  it('is refused outside the selected state', async () => {
    await session.client.command('u', 'UNSELECT');
    expect(await session.client.command('q', 'SORT (DATE) UTF-8 ALL')).toMatch(/q BAD/);
  });
});

describe('ESORT', () => {
  const session = useMemorySession({
    seed: (backend) => {
      for (const [index, subject] of ['b', 'c', 'a', 'd'].entries())
        backend.deliver(
          'alice',
          'INBOX',
          mail({ Subject: subject, Date: `Mon, 0${index + 1} Jan 2024 00:00:00 +0000` }),
        );
    },
  });

  it('answers RETURN options with ESEARCH, MIN and MAX in sort order and ALL keeping it', async () => {
    const text = await session.client.command('e', 'SORT RETURN (MIN MAX COUNT ALL) (SUBJECT) UTF-8 ALL');
    expect(text).toContain('* ESEARCH (TAG "e") MIN 3 MAX 4 COUNT 4 ALL 3,1:2,4\r\n');
    expect(await session.client.command('f', 'UID SORT RETURN () (REVERSE SUBJECT) UTF-8 ALL')).toContain(
      '* ESEARCH (TAG "f") UID ALL 4,2,1,3\r\n',
    );
    expect(await session.client.command('g', 'SORT RETURN (PARTIAL) (SUBJECT) UTF-8 ALL')).toMatch(/g BAD/);
  });
});

describe('SORT by addresses in groups (as ImapTest and Dovecot)', () => {
  const session = useMemorySession({
    seed: (backend) => {
      const to = ['"foo bar" <a@b.c>', 'b@c.d', 'a: xx@xx.org, yy@yy.org;', 'empty:;'];
      for (const [index, value] of to.entries())
        backend.deliver('alice', 'INBOX', mail({ To: value, Cc: value, Subject: `${index}` }));
    },
  });

  it("sorts a group by its name, as the envelope's first address", async () => {
    // Keys: a (group), a@b.c's mailbox "a", b, empty (group); ties go by sequence number.
    expect(await session.client.command('a', 'SORT (CC) UTF-8 ALL')).toContain('* SORT 1 3 2 4\r\n');
    // Display keys: "foo bar", "b@c.d", "a" (group), "empty" (group).
    expect(await session.client.command('b', 'SORT (DISPLAYTO) UTF-8 ALL')).toContain('* SORT 3 2 4 1\r\n');
  });
});
