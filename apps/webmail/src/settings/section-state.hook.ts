'use client';
// Loading one settings section on its own, so one failing section never blanks the others.
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../client/graphql-client';

export type SectionState<T> =
  { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; data: T };

export const useSectionData = <T>(load: () => Promise<T>) => {
  const [state, setState] = useState<SectionState<T>>({ phase: 'loading' });
  const reload = useCallback(() => {
    setState({ phase: 'loading' });
    load().then(
      (data) => setState({ phase: 'ready', data }),
      (error: unknown) => setState({ phase: 'error', message: errorMessage(error) }),
    );
  }, [load]);
  useEffect(reload, [reload]);
  return { state, setState, reload };
};
