import { useMemo } from 'react';
import { linkify } from './linkify';

/** A plain-text body with its links made clickable; React escapes the text, links are http(s)/mailto only. */
export function MessageText({ text }: { text: string }) {
  const parts = useMemo(() => linkify(text), [text]);
  return (
    <div className="message-text" data-testid="message-text">
      {parts.map((part, index) =>
        part.kind === 'link' ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </div>
  );
}
