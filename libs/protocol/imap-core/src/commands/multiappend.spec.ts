import { ImapHookError } from '../imap-backend';
import { useMemorySession } from '../testing/memory-session';

const message = (subject: string): string => `Subject: ${subject}\r\n\r\nbody ${subject}\r\n`;

describe('MULTIAPPEND (RFC 3502)', () => {
  const session = useMemorySession({ select: null });

  it('stores several messages in one APPEND and answers one APPENDUID set', async () => {
    const [one, two] = [message('one'), message('two')];
    session.client.write(
      `a APPEND INBOX (\\Seen) {${one.length}+}\r\n${one} "05-Feb-2024 10:20:30 +0100" {${two.length}+}\r\n${two}\r\n`,
    );
    expect(await session.client.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a OK \[APPENDUID \d+ 1:2\]/);
    await session.client.command('s', 'SELECT INBOX');
    const fetched = await session.client.command(
      'f',
      'FETCH 1:2 (FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (SUBJECT)])',
    );
    expect(fetched).toMatch(/\* 1 FETCH \(FLAGS \((\\Recent )?\\Seen\)/);
    expect(fetched).toMatch(
      /\* 2 FETCH \(FLAGS \((\\Recent)?\) INTERNALDATE "[ \d]\d-Feb-2024 \d\d:20:30 [+-]\d{4}"/,
    );
    expect(fetched).toContain('Subject: two');
  });

  it('stores nothing when one of the messages is refused', async () => {
    const good = message('good');
    session.client.write(
      `a APPEND INBOX {${good.length}+}\r\n${good} (\\Bogus) {${good.length}+}\r\n${good}\r\n`,
    );
    expect(await session.client.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a BAD/);
    expect(await session.client.command('s', 'STATUS INBOX (MESSAGES)')).toContain('MESSAGES 0');
  });

  it('takes back the messages already stored when a later one fails', async () => {
    const backend = session.server.backend;
    const append = backend.append.bind(backend);
    let calls = 0;
    backend.append = (ctx, request) => {
      calls += 1;
      if (calls === 3) throw new ImapHookError('OVERQUOTA', 'Quota exceeded');
      return append(ctx, request);
    };
    const body = message('m');
    const literal = `{${body.length}+}\r\n${body}`;
    session.client.write(`a APPEND INBOX ${literal} ${literal} ${literal}\r\n`);
    expect(await session.client.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a NO \[OVERQUOTA\]/);
    expect(await session.client.command('s', 'STATUS INBOX (MESSAGES)')).toContain('MESSAGES 0');
  });

  it('keeps the messages of one APPEND within the APPENDLIMIT together', async () => {
    const limit = 67108864;
    session.client.write(`a APPEND INBOX {10+}\r\n0123456789 {${limit}}\r\n`);
    expect(await session.client.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a NO \[TOOBIG\]/);
    expect(await session.client.command('s', 'STATUS INBOX (MESSAGES)')).toContain('MESSAGES 0');
  });
});
