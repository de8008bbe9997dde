'use client';
// The body editor: contenteditable with a small execCommand toolbar, or a textarea in plain mode.
import { useEffect, useRef } from 'react';
import styles from './compose.module.css';

interface RichEditorProps {
  html: string;
  onChange: (html: string) => void;
  label: string;
  testId?: string;
  autoFocus?: boolean;
}

type Command = { label: string; title: string; run: () => void };

const exec = (command: string, value?: string) => {
  // execCommand is deprecated yet still the only editing primitive every browser ships for contenteditable.
  document.execCommand(command, false, value);
};

export function RichEditor({ html, onChange, label, testId = 'compose-body', autoFocus }: RichEditorProps) {
  const editor = useRef<HTMLDivElement>(null);

  // Uncontrolled after mount: rewriting innerHTML on each keystroke would lose the caret.
  useEffect(() => {
    if (editor.current && editor.current.innerHTML !== html) editor.current.innerHTML = html;
    if (autoFocus) editor.current?.focus();
  }, []); // only the first html is written, see above

  const report = () => onChange(editor.current?.innerHTML ?? '');
  const commands: Command[] = [
    { label: 'B', title: 'Bold', run: () => exec('bold') },
    { label: 'I', title: 'Italic', run: () => exec('italic') },
    {
      label: '🔗',
      title: 'Link',
      run: () => {
        const url = window.prompt('Link address (https://…)');
        if (url && /^(https?:|mailto:)/i.test(url.trim())) exec('createLink', url.trim());
      },
    },
    { label: '•', title: 'Bulleted list', run: () => exec('insertUnorderedList') },
    { label: '❝', title: 'Quote', run: () => exec('formatBlock', 'blockquote') },
  ];

  return (
    <div className={styles.editor}>
      <div role="toolbar" aria-label="Formatting" className={styles.toolbar}>
        {commands.map((command) => (
          <button
            key={command.title}
            type="button"
            title={command.title}
            aria-label={command.title}
            className={styles.toolButton}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              editor.current?.focus();
              command.run();
              report();
            }}
          >
            {command.label}
          </button>
        ))}
      </div>
      <div
        ref={editor}
        data-testid={testId}
        className={styles.body}
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        onInput={report}
        onBlur={report}
      />
    </div>
  );
}

interface PlainEditorProps {
  text: string;
  onChange: (text: string) => void;
  label: string;
  autoFocus?: boolean;
}

export function PlainEditor({ text, onChange, label, autoFocus }: PlainEditorProps) {
  return (
    <textarea
      data-testid="compose-body"
      className={`${styles.body} ${styles.plainBody}`}
      aria-label={label}
      value={text}
      autoFocus={autoFocus}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
