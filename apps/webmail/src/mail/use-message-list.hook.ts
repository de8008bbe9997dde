'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, graphqlRequest } from '../client/graphql-client';
import { MailPageDocument, MailSearchDocument, type MailSearchQueryVariables } from '../graphql/generated';
import type { ListFilter, MessageItem, PageInfo } from './mail-types';
import { appendPage, emptyWindow, mergeHead, type MessageWindow } from './message-window';

export type ListSource =
  | { kind: 'folder'; mailboxId: string; filter: ListFilter }
  | { kind: 'search'; variables: MailSearchQueryVariables };

const PAGE_SIZE = 100;
/** Rows to have loaded beyond the last visible one, so scrolling rarely meets a placeholder. */
const PREFETCH = 60;

interface Page {
  nodes: MessageItem[];
  pageInfo: PageInfo;
  total: number;
}

const fetchPage = async (source: ListSource, after: string | null): Promise<Page> => {
  if (source.kind === 'folder') {
    const { messages } = await graphqlRequest(MailPageDocument, {
      mailboxId: source.mailboxId,
      first: PAGE_SIZE,
      after,
      unseen: source.filter === 'unread' ? true : undefined,
      flagged: source.filter === 'starred' ? true : undefined,
    });
    return {
      nodes: messages.edges.map((edge) => edge.node),
      pageInfo: messages.pageInfo,
      total: messages.totalCount,
    };
  }
  const { search } = await graphqlRequest(MailSearchDocument, {
    ...source.variables,
    first: PAGE_SIZE,
    after,
  });
  return {
    nodes: search.edges.map((edge) => edge.node),
    pageInfo: search.pageInfo,
    total: search.totalCount,
  };
};

export interface MessageListState {
  window: MessageWindow;
  loading: boolean;
  error: string | null;
  /** Makes sure rows up to this index (plus some) are loaded, fetching pages in order. */
  ensureLoaded: (index: number) => void;
  /** Replaces the window (optimistic changes and their rollback). */
  setWindow: (window: MessageWindow | ((current: MessageWindow) => MessageWindow)) => void;
  reload: () => void;
  /** Brings in messages that arrived at the top, or reloads when too many did. */
  refreshHead: () => Promise<void>;
}

export const useMessageList = (source: ListSource | null): MessageListState => {
  const [window, setWindowState] = useState<MessageWindow>(emptyWindow);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const windowRef = useRef(window);
  const generationRef = useRef(0);
  const inFlight = useRef<number | null>(null);
  const wanted = useRef(0);
  const sourceKey = source ? JSON.stringify(source) : '';
  const sourceRef = useRef(source);
  sourceRef.current = source;

  const setWindow = useCallback((next: MessageWindow | ((current: MessageWindow) => MessageWindow)) => {
    windowRef.current = typeof next === 'function' ? next(windowRef.current) : next;
    setWindowState(windowRef.current);
  }, []);

  const pump = useCallback(async () => {
    const current = sourceRef.current;
    const gen = generationRef.current;
    if (!current || inFlight.current === gen) return;
    inFlight.current = gen;
    setLoading(true);
    try {
      while (gen === generationRef.current) {
        const before = windowRef.current;
        if (!before.hasNext || before.loaded > wanted.current + PREFETCH) break;
        const page = await fetchPage(current, before.endCursor);
        if (gen !== generationRef.current) break;
        if (windowRef.current.endCursor !== before.endCursor) continue;
        setWindow(appendPage(windowRef.current, page.nodes, page.pageInfo, page.total));
      }
      if (gen === generationRef.current) setError(null);
    } catch (failure) {
      if (gen === generationRef.current) setError(errorMessage(failure));
    } finally {
      if (inFlight.current === gen) {
        inFlight.current = null;
        setLoading(false);
      }
    }
  }, [setWindow]);

  const reload = useCallback(() => {
    generationRef.current += 1;
    wanted.current = 0;
    setWindow(emptyWindow);
    setError(null);
    setGeneration(generationRef.current);
  }, [setWindow]);

  useEffect(() => {
    reload();
  }, [sourceKey, reload]);

  useEffect(() => {
    void pump();
  }, [generation, pump]);

  const ensureLoaded = useCallback(
    (index: number) => {
      wanted.current = Math.max(wanted.current, index);
      if (windowRef.current.hasNext && windowRef.current.loaded <= index + PREFETCH) void pump();
    },
    [pump],
  );

  const refreshHead = useCallback(async () => {
    const current = sourceRef.current;
    if (!current) return;
    const gen = generationRef.current;
    try {
      const page = await fetchPage(current, null);
      if (gen !== generationRef.current) return;
      const merged = mergeHead(windowRef.current, page.nodes);
      if (merged) setWindow(merged);
      else reload();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [reload, setWindow]);

  return { window, loading, error, ensureLoaded, setWindow, reload, refreshHead };
};
