'use client';
import { useMemo, useState, type DragEvent } from 'react';
import { buildFolderTree } from './folder-tree';
import { FolderIcon } from './icons';
import { DRAG_TYPE } from './message-list.component';
import type { Folder } from './mail-types';

export interface FolderListProps {
  folders: Folder[];
  currentId: string | null;
  error: string | null;
  onRetry: () => void;
  onOpen: (folder: Folder) => void;
  onDropMessages: (ids: string[], target: Folder) => void;
}

const readDraggedIds = (event: DragEvent): string[] => {
  try {
    const ids = JSON.parse(event.dataTransfer.getData(DRAG_TYPE)) as unknown;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
};

export function FolderList({ folders, currentId, error, onRetry, onOpen, onDropMessages }: FolderListProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const nodes = useMemo(() => buildFolderTree(folders, collapsed), [folders, collapsed]);

  const toggle = (path: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  return (
    <nav className="folder-list" aria-label="Folders" data-testid="folder-list">
      {error && (
        <div className="error-banner" role="alert">
          Folders could not be loaded: {error}{' '}
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}
      <ul>
        {nodes.map(({ folder, depth, hasChildren, label }) => {
          const isOpen = !collapsed.has(folder.path);
          const accepts = (event: DragEvent) =>
            event.dataTransfer.types.includes(DRAG_TYPE) && folder.id !== currentId;
          return (
            <li
              key={folder.id}
              data-testid="folder"
              data-path={folder.path}
              data-special-use={folder.specialUse ?? ''}
              className={`folder${folder.id === currentId ? ' current' : ''}${dropTarget === folder.id ? ' drop' : ''}`}
              style={{ paddingLeft: `${depth * 14}px` }}
              onDragOver={(event) => {
                if (!accepts(event)) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
                setDropTarget(folder.id);
              }}
              onDragLeave={() => setDropTarget((current) => (current === folder.id ? null : current))}
              onDrop={(event) => {
                event.preventDefault();
                setDropTarget(null);
                const ids = readDraggedIds(event);
                if (ids.length) onDropMessages(ids, folder);
              }}
            >
              {hasChildren ? (
                <button
                  type="button"
                  className="folder-twisty"
                  aria-expanded={isOpen}
                  aria-label={`${isOpen ? 'Collapse' : 'Expand'} ${label}`}
                  onClick={() => toggle(folder.path)}
                >
                  {isOpen ? '▾' : '▸'}
                </button>
              ) : (
                <span className="folder-twisty" aria-hidden="true" />
              )}
              <a
                href={`/mail?box=${encodeURIComponent(folder.id)}`}
                className="folder-link"
                aria-current={folder.id === currentId ? 'page' : undefined}
                onClick={(event) => {
                  if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
                  event.preventDefault();
                  onOpen(folder);
                }}
              >
                <FolderIcon specialUse={folder.specialUse} inbox={folder.path.toUpperCase() === 'INBOX'} />
                <span className="folder-name">{label}</span>
                {folder.unseen > 0 && (
                  <span
                    className="folder-unread"
                    data-testid="folder-unread"
                    aria-label={`${folder.unseen} unread`}
                  >
                    {folder.unseen}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
