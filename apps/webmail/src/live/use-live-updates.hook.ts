'use client';
import { useEffect, useRef } from 'react';
import { onSessionExpired } from '../client/graphql-client';
import type { LiveChangeEvent } from './live-event';
import { LiveHub } from './live-hub';

let hub: LiveHub | null = null;

const sharedHub = (): LiveHub =>
  (hub ??= new LiveHub({
    open: () => new EventSource('/api/live'),
    sessionExpired: async () =>
      (await fetch('/api/live', { method: 'HEAD', cache: 'no-store' })).status === 401,
    onSessionExpired,
  }));

/** Calls `onEvent` for every change of the signed-in user's mail, for as long as the component is mounted. */
export const useLiveUpdates = (onEvent: (event: LiveChangeEvent) => void): void => {
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  useEffect(() => sharedHub().subscribe((event) => latest.current(event)), []);
};
