'use client';
import { useCallback, useEffect, useRef } from 'react';
import { graphqlRequest } from '../client/graphql-client';
import { MailRowFlagsDocument } from '../graphql/generated';
import type { LiveChangeEvent } from '../live/live-event';
import { useLiveUpdates } from '../live/use-live-updates.hook';
import type { Folder } from './mail-types';
import { patchMessages, removeMessages } from './message-window';
import type { FoldersState } from './use-folders.hook';
import type { MessageListState } from './use-message-list.hook';

const isFolder = (value: unknown): value is Folder => {
  if (!value || typeof value !== 'object') return false;
  const folder = value as Partial<Folder>;
  return (
    typeof folder.id === 'string' && typeof folder.path === 'string' && typeof folder.unseen === 'number'
  );
};

/** Bursts (a big delivery, a bulk move) arrive as many events; one refetch per burst is enough. */
const HEAD_REFRESH_DELAY_MS = 300;

export const useLiveMail = (
  folders: FoldersState,
  list: MessageListState,
  openFolderId: string | null,
  onThreadsChanged: () => void,
): void => {
  const state = useRef({ folders, list, openFolderId, onThreadsChanged });
  state.current = { folders, list, openFolderId, onThreadsChanged };
  const headTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (headTimer.current) clearTimeout(headTimer.current);
    },
    [],
  );

  const handle = useCallback((event: LiveChangeEvent) => {
    const { folders: f, list: l, openFolderId: open } = state.current;
    if (event.type === 'RESET') {
      void f.reload();
      l.reload();
      state.current.onThreadsChanged();
      return;
    }
    if (isFolder(event['mailbox'])) f.putFolder(event['mailbox']);
    else if (event.type.startsWith('MAILBOX') || event.type === 'MESSAGES_ADDED') void f.reload();
    if (!event.mailboxId || event.mailboxId !== open) return;
    const uid = typeof event['uid'] === 'number' ? event['uid'] : null;
    const id = uid !== null ? `${event.mailboxId}:${uid}` : null;
    switch (event.type) {
      case 'MESSAGES_ADDED':
        if (headTimer.current) clearTimeout(headTimer.current);
        headTimer.current = setTimeout(() => {
          void state.current.list.refreshHead();
          state.current.onThreadsChanged();
        }, HEAD_REFRESH_DELAY_MS);
        break;
      case 'MESSAGES_REMOVED':
        if (id) l.setWindow((current) => removeMessages(current, new Set([id])));
        break;
      case 'FLAGS_CHANGED':
        if (id) {
          graphqlRequest(MailRowFlagsDocument, { id })
            .then(({ message }) =>
              state.current.list.setWindow((current) =>
                patchMessages(current, new Set([id]), { seen: message.seen, flagged: message.flagged }),
              ),
            )
            .catch(() => undefined);
        }
        break;
      default:
        break;
    }
  }, []);

  useLiveUpdates(handle);
};
