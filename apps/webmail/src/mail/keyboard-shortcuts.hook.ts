'use client';
import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  next: () => void;
  previous: () => void;
  open: () => void;
  back: () => void;
  reply: () => void;
  replyAll: () => void;
  forward: () => void;
  archive: () => void;
  remove: () => void;
  star: () => void;
  focusSearch: () => void;
  compose: () => void;
  goInbox: () => void;
  help: () => void;
  escape: () => void;
}

export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'j / ↓', action: 'Next message' },
  { keys: 'k / ↑', action: 'Previous message' },
  { keys: 'o / Enter', action: 'Open message' },
  { keys: 'u', action: 'Back to the list' },
  { keys: 'r', action: 'Reply' },
  { keys: 'a', action: 'Reply all' },
  { keys: 'f', action: 'Forward' },
  { keys: 'e', action: 'Archive' },
  { keys: '#', action: 'Delete' },
  { keys: 's', action: 'Star or unstar' },
  { keys: '/', action: 'Search' },
  { keys: 'c', action: 'Compose' },
  { keys: 'g then i', action: 'Go to Inbox' },
  { keys: '?', action: 'This help' },
  { keys: 'Esc', action: 'Close dialogs' },
];

const isTyping = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit'].includes(type);
};

/** Gmail's single-key shortcuts; ignored while the user types and when a modifier is held. */
export const useKeyboardShortcuts = (handlers: ShortcutHandlers): void => {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    let pendingG = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      const h = latest.current;
      if (event.key === 'Escape') {
        h.escape();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.target instanceof HTMLElement && event.target.closest('[role="dialog"]')) return;
      const afterG = Date.now() - pendingG < 1500;
      pendingG = 0;
      if (afterG && event.key === 'i') {
        event.preventDefault();
        h.goInbox();
        return;
      }
      const map: Record<string, (() => void) | undefined> = {
        j: h.next,
        k: h.previous,
        o: h.open,
        u: h.back,
        r: h.reply,
        a: h.replyAll,
        f: h.forward,
        e: h.archive,
        '#': h.remove,
        s: h.star,
        '/': h.focusSearch,
        c: h.compose,
        '?': h.help,
      };
      if (event.key === 'g') {
        pendingG = Date.now();
        return;
      }
      const action = map[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
};
