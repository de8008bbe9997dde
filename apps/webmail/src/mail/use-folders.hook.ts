'use client';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, graphqlRequest } from '../client/graphql-client';
import { MailCreateFolderDocument, MailFoldersDocument } from '../graphql/generated';
import type { Folder } from './mail-types';

export interface FoldersState {
  folders: Folder[];
  loading: boolean;
  error: string | null;
  reload: () => Promise<void>;
  /** Replaces one folder's data (fresh counters from a live event). */
  putFolder: (folder: Folder) => void;
  /** Shifts a folder's unread count locally, ahead of the server. */
  adjustUnseen: (folderId: string, delta: number) => void;
  /** The folder with this special use, creating it under `fallbackPath` when the user has none. */
  ensureSpecial: (specialUse: string, fallbackPath: string) => Promise<Folder>;
}

export const useFolders = (): FoldersState => {
  const [folders, setFolders] = useState<Folder[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const data = await graphqlRequest(MailFoldersDocument, {});
      setFolders(data.mailboxes);
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const putFolder = useCallback((folder: Folder) => {
    setFolders((current) =>
      current.some((existing) => existing.id === folder.id)
        ? current.map((existing) => (existing.id === folder.id ? folder : existing))
        : [...current, folder],
    );
  }, []);

  const adjustUnseen = useCallback((folderId: string, delta: number) => {
    setFolders((current) =>
      current.map((folder) =>
        folder.id === folderId ? { ...folder, unseen: Math.max(0, folder.unseen + delta) } : folder,
      ),
    );
  }, []);

  const ensureSpecial = useCallback(
    async (specialUse: string, fallbackPath: string): Promise<Folder> => {
      const existing =
        folders.find((folder) => folder.specialUse === specialUse) ??
        folders.find((folder) => folder.path.toLowerCase() === fallbackPath.toLowerCase());
      if (existing) return existing;
      const created = (await graphqlRequest(MailCreateFolderDocument, { path: fallbackPath })).createMailbox;
      setFolders((current) => [...current, created]);
      return created;
    },
    [folders],
  );

  return { folders, loading, error, reload, putFolder, adjustUnseen, ensureSpecial };
};
