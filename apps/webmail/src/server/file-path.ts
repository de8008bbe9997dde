// Which API paths /api/files may fetch: only a signed-in user's own attachments and raw messages.

const HEX24 = '[0-9a-f]{24}';
const ALLOWED = new RegExp(
  `^users/(${HEX24})/mailboxes/${HEX24}/messages/[1-9][0-9]{0,9}/(attachments/ATT[0-9]{5,8}|message\\.eml)$`,
);

/** The API path to forward, or null when the segments name anything but the user's own message files. */
export const allowedFilePath = (segments: readonly string[], userId: string): string | null => {
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return null;
  const path = segments.join('/');
  const match = ALLOWED.exec(path);
  return match && match[1] === userId ? path : null;
};
