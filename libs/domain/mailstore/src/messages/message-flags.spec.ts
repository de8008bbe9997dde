import { applyFlagOperation, canonicalFlag, flagFields, normaliseFlags, sameFlags } from './message-flags';

describe('message flags', () => {
  it('canonicalises system flags and keeps valid keywords', () => {
    expect(canonicalFlag('\\SEEN')).toBe('\\Seen');
    expect(canonicalFlag('$Forwarded')).toBe('$Forwarded');
    expect(canonicalFlag('\\Recent')).toBeNull();
    expect(canonicalFlag('has space')).toBeNull();
    expect(canonicalFlag('bad(paren')).toBeNull();
  });

  it('deduplicates case-insensitively', () => {
    expect(normaliseFlags(['\\seen', '\\Seen', 'Work', 'work', 'x y'])).toEqual(['\\Seen', 'Work']);
  });

  it('adds, removes and replaces', () => {
    const current = ['\\Seen', 'Work'];
    expect(applyFlagOperation(current, 'add', ['\\Flagged', 'work'])).toEqual([
      '\\Seen',
      'Work',
      '\\Flagged',
    ]);
    expect(applyFlagOperation(current, 'remove', ['\\SEEN'])).toEqual(['Work']);
    expect(applyFlagOperation(current, 'replace', ['\\Draft'])).toEqual(['\\Draft']);
  });

  it('compares flag sets regardless of order and case', () => {
    expect(sameFlags(['\\Seen', 'Work'], ['work', '\\Seen'])).toBe(true);
    expect(sameFlags(['\\Seen'], ['\\Seen', 'Work'])).toBe(false);
  });

  it('derives the indexed booleans', () => {
    expect(flagFields(['\\Flagged', '\\Deleted'])).toMatchObject({
      unseen: true,
      flagged: true,
      deleted: true,
      draft: false,
    });
    expect(flagFields(['\\Seen']).unseen).toBe(false);
  });
});
