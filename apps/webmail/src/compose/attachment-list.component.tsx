'use client';
// The files of a compose window: new uploads with their progress, and attachments a forward keeps.
import type { LocalAttachment } from './compose-state';
import type { SourceAttachment } from './reply-composition';
import styles from './compose.module.css';

export const formatSize = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
};

interface AttachmentListProps {
  attachments: LocalAttachment[];
  forwarded: SourceAttachment[];
  /** Upload progress of the running save, or null. */
  progress: number | null;
  onRemove: (key: string) => void;
  onRemoveForwarded: (id: string) => void;
}

export function AttachmentList({
  attachments,
  forwarded,
  progress,
  onRemove,
  onRemoveForwarded,
}: AttachmentListProps) {
  if (attachments.length === 0 && forwarded.length === 0) return null;
  return (
    <ul className={styles.attachments} aria-label="Attachments">
      {forwarded.map((attachment) => (
        <li
          key={`fwd-${attachment.id}`}
          className={styles.attachment}
          data-testid="compose-attachment"
          data-filename={attachment.filename}
        >
          <span className={styles.attachmentName}>{attachment.filename}</span>
          <span className={styles.muted}>{formatSize(attachment.size)} · forwarded</span>
          <button
            type="button"
            className={styles.tokenRemove}
            aria-label={`Remove ${attachment.filename}`}
            onClick={() => onRemoveForwarded(attachment.id)}
          >
            ×
          </button>
        </li>
      ))}
      {attachments.map((attachment) => {
        const value = attachment.uploaded ? 1 : (progress ?? 0);
        return (
          <li
            key={attachment.key}
            className={styles.attachment}
            data-testid="compose-attachment"
            data-filename={attachment.filename}
          >
            <span className={styles.attachmentName}>{attachment.filename}</span>
            <span className={styles.muted}>{formatSize(attachment.size)}</span>
            <progress
              data-testid="compose-attachment-progress"
              className={styles.progress}
              max={1}
              value={value}
              aria-label={`Upload of ${attachment.filename}`}
              data-uploaded={attachment.uploaded ? 'true' : 'false'}
            />
            <button
              type="button"
              className={styles.tokenRemove}
              aria-label={`Remove ${attachment.filename}`}
              onClick={() => onRemove(attachment.key)}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
