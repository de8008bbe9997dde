'use client';
// One compose dialog: recipients, subject, body, attachments, draft status and send.
import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { AttachmentList, formatSize } from './attachment-list.component';
import { htmlToText, textToHtml } from './body-format';
import {
  attachmentBytes,
  type ComposeState,
  type LocalAttachment,
  type RecipientField,
} from './compose-state';
import { bytesToBase64 } from './compose-loader';
import { RecipientInput } from './recipient-input.component';
import { PlainEditor, RichEditor } from './rich-editor.component';
import { useComposeWindow, type DraftStatus } from './use-compose-window.hook';
import styles from './compose.module.css';

export interface ComposeIdentity {
  addresses: { address: string; main: boolean }[];
  maxAttachmentBytes: number;
}

interface ComposeWindowProps {
  initial: ComposeState;
  identity: ComposeIdentity | null;
  onClosed: () => void;
}

const statusText = (status: DraftStatus): string => {
  switch (status.kind) {
    case 'idle':
      return '';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return `Saved ${status.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}`;
    case 'error':
      return `Not saved: ${status.message}`;
  }
};

const readFile = async (file: File, key: string): Promise<LocalAttachment> => ({
  key,
  filename: file.name,
  contentType: file.type || 'application/octet-stream',
  size: file.size,
  content: bytesToBase64(new Uint8Array(await file.arrayBuffer())),
  uploaded: false,
});

const FIELDS: { field: RecipientField; label: string; testId: string }[] = [
  { field: 'to', label: 'To', testId: 'compose-to' },
  { field: 'cc', label: 'Cc', testId: 'compose-cc' },
  { field: 'bcc', label: 'Bcc', testId: 'compose-bcc' },
];

export function ComposeWindow({ initial, identity, onClosed }: ComposeWindowProps) {
  const { state, update, status, progress, sending, sendError, send, close } = useComposeWindow(
    initial,
    onClosed,
  );
  const [attachError, setAttachError] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState(false);
  const titleId = `compose-title-${state.localId}`;
  const replying = state.reference !== null && state.reference.action !== 'FORWARD';

  const addFiles = async (files: FileList | File[]) => {
    const list = [...files];
    if (list.length === 0) return;
    const limit = identity?.maxAttachmentBytes ?? Infinity;
    const adding = list.reduce((sum, file) => sum + file.size, 0);
    if (attachmentBytes(state) + adding > limit) {
      setAttachError(`Attachments can be at most ${formatSize(limit)} in total`);
      return;
    }
    setAttachError(null);
    try {
      const read = await Promise.all(
        list.map((file, index) => readFile(file, `${Date.now()}-${index}-${file.name}`)),
      );
      update((current) => ({ ...current, attachments: [...current.attachments, ...read] }), {
        saveNow: true,
      });
    } catch {
      setAttachError('A file could not be read');
    }
  };

  const toggleMode = () =>
    update((current) =>
      current.mode === 'rich'
        ? { ...current, mode: 'plain', text: htmlToText(current.html) }
        : { ...current, mode: 'rich', html: textToHtml(current.text) },
    );

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      // The mail app's own Escape handling must not also act on this key.
      event.stopPropagation();
      void close();
    }
  };

  const onDragOver = (event: DragEvent<HTMLElement>) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    setDragOver(true);
  };
  const onDrop = (event: DragEvent<HTMLElement>) => {
    if (event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    setDragOver(false);
    void addFiles(event.dataTransfer.files);
  };

  const ownAddresses = identity?.addresses ?? [];
  return (
    <section
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid="compose-dialog"
      className={`${styles.dialog} ${dragOver ? styles.dialogDragOver : ''}`}
      onKeyDown={onKeyDown}
      onDragOver={onDragOver}
      onDragLeave={() => setDragOver(false)}
      onDrop={onDrop}
    >
      <header className={styles.header}>
        <h2 id={titleId} style={{ fontSize: '1rem', margin: 0 }}>
          {state.subject.trim() ||
            (state.reference?.action === 'FORWARD' ? 'Forward' : replying ? 'Reply' : 'New message')}
        </h2>
        <button
          type="button"
          className={styles.tokenRemove}
          aria-label="Close (saves the draft)"
          onClick={() => void close()}
        >
          ×
        </button>
      </header>
      <div className={styles.content}>
        {ownAddresses.length > 1 && (
          <label className={styles.field}>
            <span className={styles.fieldLabel}>From</span>
            <select
              className={styles.select}
              data-testid="compose-from"
              value={state.from ?? ownAddresses.find((entry) => entry.main)?.address ?? ''}
              onChange={(event) => update((current) => ({ ...current, from: event.target.value }))}
            >
              {ownAddresses.map((entry) => (
                <option key={entry.address} value={entry.address}>
                  {entry.address}
                </option>
              ))}
            </select>
          </label>
        )}
        {FIELDS.map(({ field, label, testId }) => (
          <RecipientInput
            key={field}
            label={label}
            testId={testId}
            value={state[field]}
            autoFocus={field === 'to' && !replying}
            onChange={(value) => update((current) => ({ ...current, [field]: value }))}
          />
        ))}
        <label className={styles.field}>
          <span className={styles.fieldLabel}>Subject</span>
          <input
            data-testid="compose-subject"
            className={styles.subject}
            value={state.subject}
            onChange={(event) => update((current) => ({ ...current, subject: event.target.value }))}
          />
        </label>
        {state.mode === 'rich' ? (
          <RichEditor
            html={state.html}
            label="Message"
            autoFocus={replying}
            onChange={(html) => update((current) => ({ ...current, html }))}
          />
        ) : (
          <PlainEditor
            text={state.text}
            label="Message"
            autoFocus={replying}
            onChange={(text) => update((current) => ({ ...current, text }))}
          />
        )}
        <AttachmentList
          attachments={state.attachments}
          forwarded={state.forwarded}
          progress={progress}
          onRemove={(key) =>
            update((current) => ({
              ...current,
              attachments: current.attachments.filter((entry) => entry.key !== key),
            }))
          }
          onRemoveForwarded={(id) =>
            update((current) => ({
              ...current,
              forwarded: current.forwarded.filter((entry) => entry.id !== id),
            }))
          }
        />
      </div>
      {(sendError ?? attachError) && (
        <p role="alert" className={styles.error} data-testid="compose-error">
          {sendError ?? attachError}
        </p>
      )}
      <footer className={styles.footer}>
        <button
          type="button"
          data-testid="compose-send"
          className={`${styles.button} ${styles.primary}`}
          disabled={sending}
          onClick={() => void send()}
        >
          {sending ? 'Sending…' : 'Send'}
        </button>
        <label className={styles.button}>
          Attach
          <input
            type="file"
            multiple
            data-testid="compose-attach"
            className={styles.visuallyHidden}
            onChange={(event) => {
              const files = event.target.files ? [...event.target.files] : [];
              event.target.value = '';
              void addFiles(files);
            }}
          />
        </label>
        <button
          type="button"
          data-testid="compose-mode-toggle"
          className={styles.button}
          aria-pressed={state.mode === 'plain'}
          onClick={toggleMode}
        >
          {state.mode === 'rich' ? 'Plain text' : 'Rich text'}
        </button>
        <span data-testid="compose-draft-status" className={styles.status} role="status" aria-live="polite">
          {statusText(status)}
        </span>
      </footer>
    </section>
  );
}
