import { useMemorySession } from '../testing/memory-session';
import { parseMessagePartUrl } from './imap-url';

const first = 'From: foo@example.com\r\n\r\nHello world body\r\n';
const second = 'From: bar@example.com\r\n\r\nLookslike: header\r\n\r\nAnother body\r\n';

describe('CATENATE (RFC 4469)', () => {
  const session = useMemorySession({
    seed: (backend) => {
      backend.deliver('alice', 'INBOX', first);
      backend.deliver('alice', 'INBOX', second);
    },
  });

  const append = async (tag: string, args: string): Promise<string> => {
    session.client.write(`${tag} APPEND Trash ${args}\r\n`);
    return session.client.waitFor(new RegExp(`${tag} (OK|NO|BAD).*\\r\\n`));
  };
  const lit = (text: string): string => `{${text.length}+}\r\n${text}`;
  const bodies = async (): Promise<string> => {
    await session.client.command('s', 'SELECT Trash');
    return session.client.command('f', 'FETCH 1:* BODY.PEEK[]');
  };

  it('joins literal text with parts of stored messages', async () => {
    const status = await session.client.command('v', 'STATUS INBOX (UIDVALIDITY)');
    const uidValidity = /UIDVALIDITY (\d+)/.exec(status)?.[1];
    expect(
      await append('a', `(\\Seen) CATENATE (URL "/INBOX/;uid=1/;section=HEADER" TEXT ${lit('one\r\n')})`),
    ).toMatch(/a OK \[APPENDUID \d+ 1\]/);
    expect(
      await append(
        'b',
        `CATENATE (URL "/inbox;UIDVALIDITY=${uidValidity}/;UID=2/;SECTION=TEXT" TEXT ${lit('two\r\n')})`,
      ),
    ).toContain('b OK');
    expect(
      await append(
        'c',
        `CATENATE (TEXT ${lit('Subject: x\r\n\r\n')} URL "/INBOX/;uid=1/;section=1/;partial=6.5")`,
      ),
    ).toContain('c OK');
    expect(await append('d', 'CATENATE (URL "imap://alice@localhost/INBOX/;uid=2")')).toContain('d OK');
    const fetched = await bodies();
    expect(fetched).toContain('From: foo@example.com\r\n\r\none\r\n');
    expect(fetched).toContain('Lookslike: header\r\n\r\nAnother body\r\ntwo\r\n');
    expect(fetched).toContain('Subject: x\r\n\r\nworld)');
    expect(fetched).toContain(second);
  });

  it('refuses URLs that name nothing readable, storing nothing', async () => {
    const bad = [
      '/INBOX;UIDVALIDITY=12345/;uid=1/;section=HEADER',
      '/INBOX/;uid=99',
      '/Nowhere/;uid=1',
      '/INBOX/;uid=1/;section=7',
      'imap://bob@localhost/INBOX/;uid=1',
      '/INBOX/;uid=1/;urlauth=anonymous:internal:abc',
    ];
    for (const url of bad)
      expect(await append('x', `CATENATE (TEXT ${lit('h: 1\r\n\r\n')} URL "${url}")`)).toContain(
        `x NO [BADURL "${url}"]`,
      );
    expect(await session.client.command('s', 'STATUS Trash (MESSAGES)')).toContain('MESSAGES 0');
  });

  it('answers TRYCREATE for a missing target before looking at the URLs', async () => {
    session.client.write(
      `t APPEND Missing CATENATE (TEXT ${lit('a: b\r\n\r\n')} URL "/INBOX;UIDVALIDITY=1/;uid=1")\r\n`,
    );
    expect(await session.client.waitFor(/t (OK|NO|BAD).*\r\n/)).toContain('t NO [TRYCREATE]');
    // Every literal of the refused command is dropped with it, not read as commands.
    session.client.write(
      `v APPEND Missing CATENATE (TEXT ${lit('h1: 1\r\n')} URL "/INBOX/;uid=1" TEXT ${lit('h2: 2\r\n')} TEXT ${lit('h3: 3\r\n')})\r\n`,
    );
    expect(await session.client.waitFor(/v (OK|NO|BAD).*\r\n/)).toContain('v NO [TRYCREATE]');
    expect(await session.client.command('n', 'NOOP')).toMatch(/^n OK/);
    expect(await append('u', 'CATENATE (URL "/INBOX;UIDVALIDITY=1/;uid=1")')).toContain('u NO [BADURL');
    expect(await append('w', 'CATENATE (BOGUS "x")')).toMatch(/w BAD/);
    expect(await append('y', 'CATENATE ()')).toMatch(/y BAD/);
  });

  it('mixes CATENATE with plain messages in one MULTIAPPEND', async () => {
    expect(
      await append('m', `CATENATE (URL "/INBOX/;uid=1") (\\Answered) ${lit('New: Message\r\n\r\nx\r\n')}`),
    ).toMatch(/m OK \[APPENDUID \d+ 1:2\]/);
    const fetched = await bodies();
    expect(fetched).toContain(first);
    expect(fetched).toContain('New: Message');
  });
});

describe('IMAP URLs for CATENATE', () => {
  it('decodes mailbox names and parameters', () => {
    expect(
      parseMessagePartUrl('/Sent%20Items;uidvalidity=7/;uid=3/;section=1.MIME/;partial=0.10', 'a'),
    ).toEqual({
      path: 'Sent Items',
      uidValidity: 7,
      uid: 3,
      section: '1.MIME',
      partial: { offset: 0, length: 10 },
    });
    for (const url of [
      'INBOX/;uid=1',
      '/INBOX',
      '/INBOX/;uid=0',
      '/INBOX/;uid=1/;uid=2',
      '/INBOX/;x=1',
      '/%zz/;uid=1',
    ])
      expect(() => parseMessagePartUrl(url, 'a')).toThrow();
  });
});
