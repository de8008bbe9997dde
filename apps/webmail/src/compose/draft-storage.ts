// A copy of every open compose window in sessionStorage, so an expired session or a reload loses nothing.
import type { ComposeState } from './compose-state';

export const DRAFT_KEY_PREFIX = 'eider:draft:';

const MAX_STORED_ATTACHMENT_CHARS = 1_000_000;

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export const draftKey = (localId: string): string => `${DRAFT_KEY_PREFIX}${localId}`;

const isComposeState = (value: unknown): value is ComposeState => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ComposeState>;
  return (
    typeof candidate.localId === 'string' &&
    typeof candidate.subject === 'string' &&
    (candidate.mode === 'rich' || candidate.mode === 'plain') &&
    Array.isArray(candidate.attachments) &&
    typeof candidate.to === 'object'
  );
};

/**
 * Stores the window; when the attachments do not fit the storage quota it keeps the rest without them
 * (and says so), since the text is what a person cannot recreate.
 */
export const storeDraft = (
  storage: DraftStorage,
  state: ComposeState,
): 'stored' | 'withoutAttachments' | 'failed' => {
  try {
    // Large files would not fit the quota anyway, and serialising them on every keystroke would be slow.
    const attachmentChars = state.attachments.reduce((sum, attachment) => sum + attachment.content.length, 0);
    if (attachmentChars > MAX_STORED_ATTACHMENT_CHARS) throw new RangeError('attachments too large to keep');
    storage.setItem(draftKey(state.localId), JSON.stringify(state));
    return 'stored';
  } catch {
    try {
      storage.setItem(draftKey(state.localId), JSON.stringify({ ...state, attachments: [] }));
      return 'withoutAttachments';
    } catch {
      return 'failed';
    }
  }
};

export const removeStoredDraft = (storage: DraftStorage, localId: string): void => {
  try {
    storage.removeItem(draftKey(localId));
  } catch {
    // Nothing to clean when storage is unavailable.
  }
};

/** Every stored window that still parses; broken entries are removed. */
export const readStoredDrafts = (storage: DraftStorage): ComposeState[] => {
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index++) {
    const key = storage.key(index);
    if (key?.startsWith(DRAFT_KEY_PREFIX)) keys.push(key);
  }
  const drafts: ComposeState[] = [];
  for (const key of keys) {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(key) ?? '');
      if (isComposeState(parsed) && draftKey(parsed.localId) === key) drafts.push(parsed);
      else storage.removeItem(key);
    } catch {
      storage.removeItem(key);
    }
  }
  return drafts;
};

export const newLocalId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
