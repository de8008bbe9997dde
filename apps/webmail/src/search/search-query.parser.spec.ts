import { parseSearchDate, parseSearchQuery, tokenizeSearchLine } from './search-query.parser';

describe('parseSearchQuery', () => {
  it('gives nothing for an empty or blank line', () => {
    expect(parseSearchQuery('')).toEqual({ criteria: {}, problems: [] });
    expect(parseSearchQuery('   \t ')).toEqual({ criteria: {}, problems: [] });
  });

  it('keeps plain words as free text, joined by single spaces', () => {
    expect(parseSearchQuery('  quarterly   report ')).toEqual({
      criteria: { query: 'quarterly report' },
      problems: [],
    });
  });

  it('reads from:, to: and subject:', () => {
    expect(parseSearchQuery('from:alice@example.com to:bob subject:budget').criteria).toEqual({
      from: 'alice@example.com',
      to: 'bob',
      subject: 'budget',
    });
  });

  it('takes quoted values with spaces, for operators and free text', () => {
    expect(parseSearchQuery('subject:"Q3 budget review" "exact phrase" tail').criteria).toEqual({
      subject: 'Q3 budget review',
      query: 'exact phrase tail',
    });
    expect(parseSearchQuery('from:"Alice Smith"').criteria).toEqual({ from: 'Alice Smith' });
  });

  it('runs an unterminated quote to the end of the line', () => {
    expect(parseSearchQuery('subject:"half open').criteria).toEqual({ subject: 'half open' });
    expect(parseSearchQuery('"just text').criteria).toEqual({ query: 'just text' });
  });

  it('treats operator names case-insensitively and keeps value case', () => {
    expect(parseSearchQuery('FROM:Alice Subject:Hello').criteria).toEqual({
      from: 'Alice',
      subject: 'Hello',
    });
  });

  it('maps has:attachment and the is: flags', () => {
    expect(parseSearchQuery('has:attachment is:unread is:starred').criteria).toEqual({
      hasAttachment: true,
      unseen: true,
      flagged: true,
    });
    expect(parseSearchQuery('is:read').criteria).toEqual({ unseen: false });
    expect(parseSearchQuery('HAS:Attachment IS:UNREAD').criteria).toEqual({
      hasAttachment: true,
      unseen: true,
    });
  });

  it('reports unknown has: and is: values', () => {
    const parsed = parseSearchQuery('has:pdf is:important');
    expect(parsed.criteria).toEqual({});
    expect(parsed.problems).toHaveLength(2);
    expect(parsed.problems[0]).toContain('has:pdf');
    expect(parsed.problems[1]).toContain('is:important');
  });

  it('turns before:/after: into ISO day boundaries, with dashes or slashes', () => {
    expect(parseSearchQuery('after:2024-01-15 before:2024/02/01').criteria).toEqual({
      dateStart: '2024-01-15T00:00:00.000Z',
      dateEnd: '2024-02-01T00:00:00.000Z',
    });
    expect(parseSearchQuery('before:2024-3-5').criteria).toEqual({ dateEnd: '2024-03-05T00:00:00.000Z' });
  });

  it('refuses dates that do not exist or are malformed', () => {
    for (const bad of [
      '2024-02-30',
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '24-01-01',
      'yesterday',
      '2024-01/05',
    ]) {
      const parsed = parseSearchQuery(`before:${bad}`);
      expect(parsed.criteria, bad).toEqual({});
      expect(parsed.problems, bad).toEqual([`"before:${bad}" is not a date: use YYYY-MM-DD`]);
    }
    expect(parseSearchQuery('after:2024-02-29').problems).toEqual([]);
  });

  it('flags an empty date range', () => {
    expect(parseSearchQuery('after:2024-05-01 before:2024-04-01').problems).toEqual([
      '"after:" must be before "before:"',
    ]);
  });

  it('maps in: to a path, INBOX in any case, and special-use names', () => {
    expect(parseSearchQuery('in:inbox').criteria).toEqual({ mailboxPath: 'INBOX' });
    expect(parseSearchQuery('in:Inbox').criteria).toEqual({ mailboxPath: 'INBOX' });
    expect(parseSearchQuery('in:Sent').criteria).toEqual({
      mailboxPath: 'sent',
      mailboxSpecialUse: '\\Sent',
    });
    expect(parseSearchQuery('in:spam').criteria).toEqual({
      mailboxPath: 'spam',
      mailboxSpecialUse: '\\Junk',
    });
    expect(parseSearchQuery('in:junk').criteria.mailboxSpecialUse).toBe('\\Junk');
    expect(parseSearchQuery('in:drafts').criteria.mailboxSpecialUse).toBe('\\Drafts');
    expect(parseSearchQuery('in:trash').criteria.mailboxSpecialUse).toBe('\\Trash');
    expect(parseSearchQuery('in:archive').criteria.mailboxSpecialUse).toBe('\\Archive');
    expect(parseSearchQuery('in:Work/Reports').criteria).toEqual({ mailboxPath: 'Work/Reports' });
    expect(parseSearchQuery('in:"My Folder/Sub folder" x').criteria).toEqual({
      mailboxPath: 'My Folder/Sub folder',
      query: 'x',
    });
    expect(parseSearchQuery('in:/Work/').criteria).toEqual({ mailboxPath: 'Work' });
  });

  it('lets a later in: replace an earlier special use', () => {
    expect(parseSearchQuery('in:sent in:Work').criteria).toEqual({ mailboxPath: 'Work' });
  });

  it('sends unknown operators to problems, not to the free text', () => {
    const parsed = parseSearchQuery('label:work cc:bob hello');
    expect(parsed.criteria).toEqual({ query: 'hello' });
    expect(parsed.problems).toEqual(['Unknown operator "label:"', 'Unknown operator "cc:"']);
  });

  it('reports operators without a value', () => {
    expect(parseSearchQuery('from: alice')).toEqual({
      criteria: { query: 'alice' },
      problems: ['"from:" needs a value'],
    });
    expect(parseSearchQuery('subject:""').problems).toEqual(['"subject:" needs a value']);
  });

  it('keeps URLs, times and colons inside words as text', () => {
    expect(parseSearchQuery('https://example.com/a meet 10:30 a:b:c').criteria.query).toBe(
      'https://example.com/a meet 10:30',
    );
    expect(parseSearchQuery('a:b:c').problems).toEqual(['Unknown operator "a:"']);
    expect(parseSearchQuery('re:plan').problems).toEqual(['Unknown operator "re:"']);
    expect(parseSearchQuery('foo-bar:baz 1:2').criteria.query).toBe('foo-bar:baz 1:2');
  });

  it('combines everything in one line', () => {
    expect(
      parseSearchQuery(
        'from:alice is:unread has:attachment after:2024/01/01 in:"Work/Q1" invoice "due soon"',
      ),
    ).toEqual({
      criteria: {
        from: 'alice',
        unseen: true,
        hasAttachment: true,
        dateStart: '2024-01-01T00:00:00.000Z',
        mailboxPath: 'Work/Q1',
        query: 'invoice due soon',
      },
      problems: [],
    });
  });

  it('copes with hostile input: huge lines, only quotes, control characters', () => {
    const huge = `${'x'.repeat(100_000)} from:alice`;
    const started = Date.now();
    const parsed = parseSearchQuery(huge);
    expect(Date.now() - started).toBeLessThan(500);
    expect(parsed.criteria.from).toBeUndefined();
    expect(parsed.criteria.query?.length).toBe(1000);
    expect(parseSearchQuery('""""""').criteria).toEqual({});
    expect(parseSearchQuery('from:\u0000x').criteria.from).toBe('\u0000x');
    expect(parseSearchQuery(':::').criteria.query).toBe(':::');
  });
});

describe('tokenizeSearchLine', () => {
  it('splits operators, quoted values and words, keeping the raw text', () => {
    expect(tokenizeSearchLine('from:"A B" word "two words"')).toEqual([
      { operator: 'from', value: 'A B', raw: 'from:"A B"' },
      { value: 'word', raw: 'word' },
      { value: 'two words', raw: '"two words"' },
    ]);
  });
});

describe('parseSearchDate', () => {
  it('gives midnight UTC of a real date and undefined otherwise', () => {
    expect(parseSearchDate('2024-12-31')?.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    expect(parseSearchDate('2024-04-31')).toBeUndefined();
    expect(parseSearchDate('2024-12-31T10:00')).toBeUndefined();
  });
});
