import { newComposeState } from './compose-state';
import {
  draftKey,
  readStoredDrafts,
  removeStoredDraft,
  storeDraft,
  type DraftStorage,
} from './draft-storage';

/** A Storage over a Map, optionally refusing values above a size (like a full quota). */
const memoryStorage = (maxValueLength = Infinity): DraftStorage & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      if (value.length > maxValueLength) throw new DOMException('full', 'QuotaExceededError');
      map.set(key, value);
    },
    removeItem: (key) => {
      map.delete(key);
    },
  };
};

const attachment = {
  key: 'k',
  filename: 'big.bin',
  contentType: 'application/octet-stream',
  size: 3000,
  content: 'A'.repeat(4000),
  uploaded: false,
};

describe('draft storage', () => {
  it('stores, lists and removes windows under eider:draft:<localId>', () => {
    const storage = memoryStorage();
    const state = newComposeState('one', { subject: 'Hello', attachments: [attachment] });
    expect(storeDraft(storage, state)).toBe('stored');
    expect([...storage.map.keys()]).toEqual(['eider:draft:one']);
    storage.setItem('unrelated', 'x');
    expect(readStoredDrafts(storage)).toEqual([state]);
    removeStoredDraft(storage, 'one');
    expect(readStoredDrafts(storage)).toEqual([]);
    expect(storage.getItem('unrelated')).toBe('x');
  });

  it('keeps the text without attachments when the quota is too small', () => {
    const storage = memoryStorage(2000);
    const state = newComposeState('two', { subject: 'Long', attachments: [attachment] });
    expect(storeDraft(storage, state)).toBe('withoutAttachments');
    expect(readStoredDrafts(storage)).toEqual([{ ...state, attachments: [] }]);
    expect(storeDraft(memoryStorage(10), state)).toBe('failed');
  });

  it('never serialises attachments beyond a million base64 characters', () => {
    const storage = memoryStorage();
    const huge = { ...attachment, content: 'A'.repeat(1_000_001) };
    expect(storeDraft(storage, newComposeState('three', { attachments: [huge] }))).toBe('withoutAttachments');
  });

  it('drops entries that do not parse or do not match their key', () => {
    const storage = memoryStorage();
    storage.setItem(draftKey('bad'), '{not json');
    storage.setItem(draftKey('other'), JSON.stringify({ subject: 'x' }));
    storage.setItem(draftKey('moved'), JSON.stringify(newComposeState('elsewhere')));
    expect(readStoredDrafts(storage)).toEqual([]);
    expect(storage.length).toBe(0);
  });
});
