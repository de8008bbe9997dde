'use client';
import { useCallback, useState } from 'react';
import { errorMessage, graphqlRequest } from '../client/graphql-client';
import { MailDeleteDocument, MailMoveDocument, MailSetFlagsDocument } from '../graphql/generated';
import { folderLabel } from './folder-tree';
import type { Folder } from './mail-types';
import { patchMessages, removeMessages, windowItems, type MessageWindow } from './message-window';
import type { FoldersState } from './use-folders.hook';
import type { MessageListState } from './use-message-list.hook';

export interface ToastState {
  id: number;
  text: string;
  undo?: () => Promise<void>;
}

const mailboxOf = (id: string): string => id.slice(0, id.indexOf(':'));

/** Moves each message back to where it came from; ids are aligned with the originals when the API kept them all. */
const undoMoves = (originalIds: string[], newIds: string[]): Map<string, string[]> => {
  const byMailbox = new Map<string, string[]>();
  const aligned = originalIds.length === newIds.length;
  const fallback = mailboxOf(originalIds[0] ?? '');
  newIds.forEach((id, index) => {
    const home = aligned ? mailboxOf(originalIds[index] ?? '') : fallback;
    byMailbox.set(home, [...(byMailbox.get(home) ?? []), id]);
  });
  return byMailbox;
};

export interface MailActions {
  toast: ToastState | null;
  dismissToast: () => void;
  error: string | null;
  clearError: () => void;
  setSeen: (ids: string[], seen: boolean) => Promise<void>;
  setFlagged: (ids: string[], flagged: boolean) => Promise<void>;
  moveTo: (ids: string[], target: Folder) => Promise<void>;
  archive: (ids: string[]) => Promise<void>;
  spam: (ids: string[]) => Promise<void>;
  remove: (ids: string[]) => Promise<void>;
}

/**
 * Every action changes the list at once and rolls back with an inline error when the server refuses. Moves
 * (delete to Trash included) offer an Undo that moves the messages back under the ids the move answered.
 */
export const useMailActions = (
  list: MessageListState,
  folders: FoldersState,
  currentFolder: Folder | undefined,
  onRemoved: (ids: ReadonlySet<string>) => void,
): MailActions => {
  const [toast, setToast] = useState<ToastState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { setWindow, window: listWindow } = list;

  const showToast = useCallback((text: string, undo?: () => Promise<void>) => {
    setToast({ id: Date.now(), text, undo });
  }, []);

  const unseenDelta = (
    current: MessageWindow,
    ids: ReadonlySet<string>,
    seen: boolean,
  ): Map<string, number> => {
    const deltas = new Map<string, number>();
    for (const item of windowItems(current)) {
      if (!ids.has(item.id) || item.seen === seen) continue;
      const box = mailboxOf(item.id);
      deltas.set(box, (deltas.get(box) ?? 0) + (seen ? -1 : 1));
    }
    return deltas;
  };

  const setSeen = useCallback(
    async (ids: string[], seen: boolean) => {
      const set = new Set(ids);
      const before = listWindow;
      const deltas = unseenDelta(before, set, seen);
      setWindow(patchMessages(before, set, { seen }));
      deltas.forEach((delta, box) => folders.adjustUnseen(box, delta));
      try {
        await graphqlRequest(MailSetFlagsDocument, { ids, seen });
      } catch (failure) {
        setWindow((current) => patchMessages(current, set, { seen: !seen }));
        deltas.forEach((delta, box) => folders.adjustUnseen(box, -delta));
        setError(`Could not mark as ${seen ? 'read' : 'unread'}: ${errorMessage(failure)}`);
      }
    },
    [listWindow, setWindow, folders],
  );

  const setFlagged = useCallback(
    async (ids: string[], flagged: boolean) => {
      const set = new Set(ids);
      setWindow((current) => patchMessages(current, set, { flagged }));
      try {
        await graphqlRequest(MailSetFlagsDocument, { ids, flagged });
      } catch (failure) {
        setWindow((current) => patchMessages(current, set, { flagged: !flagged }));
        setError(`Could not ${flagged ? 'star' : 'unstar'}: ${errorMessage(failure)}`);
      }
    },
    [setWindow],
  );

  const moveTo = useCallback(
    async (ids: string[], target: Folder, verb = `Moved to ${folderLabel(target)}`) => {
      const movable = ids.filter((id) => mailboxOf(id) !== target.id);
      if (!movable.length) return;
      const set = new Set(movable);
      const before = listWindow;
      setWindow(removeMessages(before, set));
      onRemoved(set);
      try {
        const moved = (await graphqlRequest(MailMoveDocument, { ids: movable, mailboxId: target.id }))
          .moveMessages;
        const newIds = moved.map((message) => message.id);
        void folders.reload();
        const count = movable.length === 1 ? 'Message' : `${movable.length} messages`;
        showToast(`${count}: ${verb.toLowerCase()}`, async () => {
          try {
            for (const [home, back] of undoMoves(movable, newIds)) {
              await graphqlRequest(MailMoveDocument, { ids: back, mailboxId: home });
            }
            list.reload();
            void folders.reload();
          } catch (failure) {
            setError(`Undo failed: ${errorMessage(failure)}`);
          }
        });
      } catch (failure) {
        setWindow(before);
        setError(`Could not move: ${errorMessage(failure)}`);
      }
    },
    [listWindow, setWindow, onRemoved, folders, showToast, list],
  );

  const moveToSpecial = useCallback(
    async (ids: string[], specialUse: string, fallbackPath: string, verb: string) => {
      try {
        const target = await folders.ensureSpecial(specialUse, fallbackPath);
        await moveTo(ids, target, verb);
      } catch (failure) {
        setError(`Could not find the ${fallbackPath} folder: ${errorMessage(failure)}`);
      }
    },
    [folders, moveTo],
  );

  const archive = useCallback(
    (ids: string[]) => moveToSpecial(ids, '\\Archive', 'Archive', 'Archived'),
    [moveToSpecial],
  );
  const spam = useCallback(
    (ids: string[]) => moveToSpecial(ids, '\\Junk', 'Junk', 'Marked as spam'),
    [moveToSpecial],
  );

  const remove = useCallback(
    async (ids: string[]) => {
      if (currentFolder?.specialUse !== '\\Trash') {
        await moveToSpecial(ids, '\\Trash', 'Trash', 'Moved to Trash');
        return;
      }
      const count = ids.length === 1 ? 'this message' : `these ${ids.length} messages`;
      if (!globalThis.confirm(`Delete ${count} for good? This cannot be undone.`)) return;
      const set = new Set(ids);
      const before = listWindow;
      setWindow(removeMessages(before, set));
      onRemoved(set);
      try {
        await graphqlRequest(MailDeleteDocument, { ids });
        void folders.reload();
        showToast(ids.length === 1 ? 'Message deleted' : `${ids.length} messages deleted`);
      } catch (failure) {
        setWindow(before);
        setError(`Could not delete: ${errorMessage(failure)}`);
      }
    },
    [currentFolder, moveToSpecial, listWindow, setWindow, onRemoved, folders, showToast],
  );

  const dismissToast = useCallback(() => setToast(null), []);
  const clearError = useCallback(() => setError(null), []);

  return {
    toast,
    dismissToast,
    error,
    clearError,
    setSeen,
    setFlagged,
    moveTo,
    archive,
    spam,
    remove,
  };
};
