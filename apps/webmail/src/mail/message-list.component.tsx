'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useRef,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent,
  type RefObject,
} from 'react';
import type { MessageItem } from './mail-types';
import type { MessageWindow } from './message-window';
import { MessageRow, PlaceholderRow, rowDomId } from './message-row.component';

export const ROW_HEIGHT = 64;
export const DRAG_TYPE = 'application/x-eider-messages';

export interface MessageListProps {
  window: MessageWindow;
  selected: ReadonlySet<string>;
  focusIndex: number;
  openId: string | null;
  label: string;
  listRef: RefObject<HTMLDivElement | null>;
  folderNameOf?: (item: MessageItem) => string | undefined;
  ensureLoaded: (index: number) => void;
  onRowClick: (index: number, item: MessageItem, event: MouseEvent) => void;
  onCheck: (index: number, item: MessageItem) => void;
  onStar: (item: MessageItem) => void;
  onFocusIndex: (index: number) => void;
  onOpen: (index: number) => void;
  /** The ids a drag from this row carries: the selection when the row is in it, else the row alone. */
  dragIds: (item: MessageItem) => string[];
}

export function MessageList(props: MessageListProps) {
  const { window, focusIndex, ensureLoaded, listRef } = props;
  const virtualizer = useVirtualizer({
    count: window.total,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.length ? (items[items.length - 1]?.index ?? 0) : 0;

  useEffect(() => {
    ensureLoaded(lastVisible);
  }, [lastVisible, ensureLoaded, window.loaded]);

  const previousFocus = useRef(focusIndex);
  useEffect(() => {
    if (previousFocus.current !== focusIndex && focusIndex >= 0)
      virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
    previousFocus.current = focusIndex;
  }, [focusIndex, virtualizer]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const page = Math.max(1, Math.floor((listRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      props.onFocusIndex(Math.min(Math.max(0, focusIndex + move), Math.max(0, window.loaded - 1)));
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      props.onFocusIndex(event.key === 'Home' ? 0 : Math.max(0, window.loaded - 1));
    } else if (event.key === 'Enter' && focusIndex >= 0) {
      event.preventDefault();
      props.onOpen(focusIndex);
    }
  };

  const onDragStart = (item: MessageItem, event: DragEvent) => {
    const ids = props.dragIds(item);
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(ids));
    event.dataTransfer.setData('text/plain', `${ids.length} message${ids.length === 1 ? '' : 's'}`);
  };

  const active = window.rows.has(focusIndex) ? rowDomId(focusIndex) : undefined;
  return (
    <div
      ref={listRef}
      className="message-list"
      role="listbox"
      aria-label={props.label}
      aria-multiselectable="true"
      aria-activedescendant={active}
      tabIndex={0}
      data-testid="message-list"
      onKeyDown={onKeyDown}
    >
      <div className="message-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((virtual) => {
          const item = window.rows.get(virtual.index);
          if (!item)
            return <PlaceholderRow key={`p${virtual.index}`} top={virtual.start} height={ROW_HEIGHT} />;
          return (
            <MessageRow
              key={item.id}
              item={item}
              index={virtual.index}
              top={virtual.start}
              height={ROW_HEIGHT}
              focused={virtual.index === focusIndex}
              selected={props.selected.has(item.id)}
              open={item.id === props.openId}
              folderName={props.folderNameOf?.(item)}
              onClick={props.onRowClick}
              onCheck={props.onCheck}
              onStar={props.onStar}
              onDragStart={onDragStart}
            />
          );
        })}
      </div>
    </div>
  );
}
