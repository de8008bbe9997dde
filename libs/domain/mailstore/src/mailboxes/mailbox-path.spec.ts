import { isMailStoreError } from '../errors/mail-store.error';
import { descendantsPattern, normaliseMailboxPath, parentPaths } from './mailbox-path';

describe('normaliseMailboxPath', () => {
  it('treats INBOX case-insensitively, also as a parent, and keeps other names as written', () => {
    expect(normaliseMailboxPath('inbox')).toBe('INBOX');
    expect(normaliseMailboxPath('Inbox/Work')).toBe('INBOX/Work');
    expect(normaliseMailboxPath('Inboxes')).toBe('Inboxes');
    expect(normaliseMailboxPath('Sent Items')).toBe('Sent Items');
  });

  it('stores Unicode names in NFC so decomposed input is the same mailbox', () => {
    expect(normaliseMailboxPath('Entw\u0075\u0308rfe')).toBe('Entw\u00fcrfe');
  });

  it.each(['', '/', 'a//b', 'a/', '/a', 'a*b', 'a%b', 'bad\r\nname', 'x'.repeat(300)])(
    'refuses %j with a typed error',
    (input) => {
      let caught: unknown;
      try {
        normaliseMailboxPath(input);
      } catch (error) {
        caught = error;
      }
      expect(isMailStoreError(caught, 'INVALID_MAILBOX_NAME')).toBe(true);
    },
  );
});

describe('hierarchy helpers', () => {
  it('lists parents and matches only strict descendants, with regex characters in names', () => {
    expect(parentPaths('a/b/c')).toEqual(['a', 'a/b']);
    const pattern = descendantsPattern('Work (old).+');
    expect(pattern.test('Work (old).+/2019')).toBe(true);
    expect(pattern.test('Work (old).+')).toBe(false);
    expect(pattern.test('Work (old).+x/2019')).toBe(false);
  });
});
