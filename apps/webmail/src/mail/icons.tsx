// Small inline icons; each caller gives the accessible name, the glyph itself is hidden from readers.
import type { ReactNode } from 'react';

// Outline paths on a 24-unit grid, drawn with the text colour: emoji glyphs depend on fonts that many
// systems (and headless browsers) lack.
const FOLDER_PATH = 'M3 6.5h6l2 2h10v10.5H3z';
const SPECIAL_PATHS: Record<string, string> = {
  inbox: 'M3 13l3-8h12l3 8v6H3zM3 13h5l1.5 2.5h5L16 13h5',
  '\\Drafts': 'M4 20h4L19.5 8.5l-4-4L4 16zM13.5 6.5l4 4',
  '\\Sent': 'M3 11.5L21 4l-7.5 17-2.5-7zM11 14l10-10',
  '\\Archive': 'M3 4.5h18v4H3zM5 8.5v11h14v-11M10 12.5h4',
  '\\Junk': 'M12 3.5l9.5 16.5h-19zM12 10v4.5M12 17v.5',
  '\\Trash': 'M4 6.5h16M9 6.5V4h6v2.5M6 6.5l1 13.5h10l1-13.5M10 10.5v6M14 10.5v6',
  '\\Flagged': 'M12 3.5l2.6 5.6 6.1.6-4.6 4.1 1.3 6-5.4-3.1-5.4 3.1 1.3-6-4.6-4.1 6.1-.6z',
  '\\All': 'M4 5h16v14H4zM4 9h16M4 13h16',
};

const SPECIAL_NAMES: Record<string, string> = {
  inbox: 'Inbox',
  '\\Drafts': 'Drafts',
  '\\Sent': 'Sent',
  '\\Archive': 'Archive',
  '\\Junk': 'Junk',
  '\\Trash': 'Trash',
  '\\Flagged': 'Flagged',
  '\\All': 'All mail',
};

function OutlineIcon({ path, label }: { path: string; label?: string }): ReactNode {
  return (
    <svg
      className="folder-icon"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
    >
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
        strokeLinecap="round"
        d={path}
      />
    </svg>
  );
}

export function FolderIcon({ specialUse, inbox }: { specialUse: string | null; inbox: boolean }): ReactNode {
  const key = inbox ? 'inbox' : (specialUse ?? '');
  const path = SPECIAL_PATHS[key];
  if (!path) return <OutlineIcon path={FOLDER_PATH} />;
  return <OutlineIcon path={path} label={`${SPECIAL_NAMES[key] ?? 'Special'} folder`} />;
}

export function PaperclipIcon() {
  return (
    <svg className="icon" role="img" aria-label="Has attachments" viewBox="0 0 24 24" width="14" height="14">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7L14 4.5a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7.5"
      />
    </svg>
  );
}
