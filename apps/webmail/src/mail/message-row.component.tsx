'use client';
import { memo, type DragEvent, type MouseEvent } from 'react';
import { formatListDate } from './format-date';
import { PaperclipIcon } from './icons';
import type { MessageItem } from './mail-types';

export interface MessageRowProps {
  item: MessageItem;
  index: number;
  top: number;
  height: number;
  focused: boolean;
  selected: boolean;
  open: boolean;
  /** Folder name shown in search results. */
  folderName?: string;
  onClick: (index: number, item: MessageItem, event: MouseEvent) => void;
  onCheck: (index: number, item: MessageItem) => void;
  onStar: (item: MessageItem) => void;
  onDragStart: (item: MessageItem, event: DragEvent) => void;
}

export const rowDomId = (index: number): string => `message-row-${index}`;

export const senderLabel = (item: MessageItem): string =>
  item.from?.name || item.from?.address || '(no sender)';

export const MessageRow = memo(function MessageRow(props: MessageRowProps) {
  const { item, index, focused, selected, open, folderName } = props;
  const className = [
    'message-row',
    item.seen ? '' : 'unread',
    selected ? 'selected' : '',
    open ? 'open' : '',
    focused ? 'focused' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={rowDomId(index)}
      role="option"
      aria-selected={focused}
      aria-setsize={-1}
      aria-posinset={index + 1}
      className={className}
      style={{ transform: `translateY(${props.top}px)`, height: props.height }}
      data-testid="message-row"
      data-message-id={item.id}
      data-unread={String(!item.seen)}
      data-flagged={String(item.flagged)}
      data-selected={String(selected)}
      draggable
      onDragStart={(event) => props.onDragStart(item, event)}
      onClick={(event) => props.onClick(index, item, event)}
    >
      <input
        type="checkbox"
        className="row-check"
        aria-label={`Select message from ${senderLabel(item)}`}
        checked={selected}
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
        onChange={() => props.onCheck(index, item)}
      />
      <button
        type="button"
        className={`row-star${item.flagged ? ' on' : ''}`}
        aria-label={item.flagged ? 'Unstar' : 'Star'}
        aria-pressed={item.flagged}
        tabIndex={-1}
        onClick={(event) => {
          event.stopPropagation();
          props.onStar(item);
        }}
      >
        {item.flagged ? '★' : '☆'}
      </button>
      <div className="row-main">
        <div className="row-line">
          <span className="row-sender">{senderLabel(item)}</span>
          {folderName && <span className="row-folder">{folderName}</span>}
          {item.hasAttachments && <PaperclipIcon />}
          <time className="row-date" dateTime={item.date}>
            {formatListDate(item.date)}
          </time>
        </div>
        <div className="row-line">
          <span className="row-subject">{item.subject || '(no subject)'}</span>
          <span className="row-preview">{item.preview}</span>
        </div>
      </div>
    </div>
  );
});

export function PlaceholderRow({ top, height }: { top: number; height: number }) {
  return (
    <div
      className="message-row placeholder"
      aria-hidden="true"
      style={{ transform: `translateY(${top}px)`, height }}
    />
  );
}
