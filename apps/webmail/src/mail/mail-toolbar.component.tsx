'use client';
import { useState } from 'react';
import { buildFolderTree } from './folder-tree';
import type { Folder } from './mail-types';

export interface MailToolbarProps {
  count: number;
  allSeen: boolean;
  allFlagged: boolean;
  folders: Folder[];
  onReadToggle: () => void;
  onStar: () => void;
  onArchive: () => void;
  onDelete: () => void;
  onSpam: () => void;
  onMove: (target: Folder) => void;
}

export function MailToolbar(props: MailToolbarProps) {
  const [picking, setPicking] = useState(false);
  const disabled = props.count === 0;
  return (
    <div className="toolbar" role="toolbar" aria-label="Message actions">
      <button type="button" data-testid="action-archive" disabled={disabled} onClick={props.onArchive}>
        Archive
      </button>
      <button type="button" data-testid="action-delete" disabled={disabled} onClick={props.onDelete}>
        Delete
      </button>
      <button type="button" data-testid="action-spam" disabled={disabled} onClick={props.onSpam}>
        Spam
      </button>
      <button type="button" data-testid="action-read-toggle" disabled={disabled} onClick={props.onReadToggle}>
        {props.allSeen ? 'Mark unread' : 'Mark read'}
      </button>
      <button
        type="button"
        data-testid="action-star"
        disabled={disabled}
        aria-pressed={props.allFlagged}
        onClick={props.onStar}
      >
        {props.allFlagged ? 'Unstar' : 'Star'}
      </button>
      <span className="picker-anchor">
        <button
          type="button"
          data-testid="action-move"
          disabled={disabled}
          aria-haspopup="menu"
          aria-expanded={picking}
          onClick={() => setPicking((open) => !open)}
        >
          Move…
        </button>
        {picking && (
          <ul className="folder-picker" role="menu" aria-label="Move to folder">
            {buildFolderTree(props.folders, new Set()).map(({ folder, depth, label }) => (
              <li key={folder.id} role="none">
                <button
                  type="button"
                  role="menuitem"
                  data-path={folder.path}
                  style={{ paddingLeft: `${0.75 + depth}rem` }}
                  onClick={() => {
                    setPicking(false);
                    props.onMove(folder);
                  }}
                >
                  {label}
                </button>
              </li>
            ))}
          </ul>
        )}
      </span>
      {props.count > 1 && <span className="muted">{props.count} selected</span>}
    </div>
  );
}
