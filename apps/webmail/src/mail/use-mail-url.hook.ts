'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

export interface MailUrlState {
  box: string | null;
  msg: string | null;
  q: string | null;
  threads: boolean;
}

/** The mail view lives in the URL (?box=&msg=&q=&view=threads) so reloads and links land in the same place. */
export const useMailUrl = (): [MailUrlState, (patch: Partial<MailUrlState>) => void] => {
  const params = useSearchParams();
  const pathname = usePathname();
  const state: MailUrlState = {
    box: params.get('box'),
    msg: params.get('msg'),
    q: params.get('q') ?? '',
    threads: params.get('view') === 'threads',
  };
  const update = useCallback(
    (patch: Partial<MailUrlState>) => {
      const next = new URLSearchParams(window.location.search);
      const set = (key: string, value: string | null | undefined) => {
        if (value) next.set(key, value);
        else next.delete(key);
      };
      if ('box' in patch) set('box', patch.box);
      if ('msg' in patch) set('msg', patch.msg);
      if ('q' in patch) set('q', patch.q);
      if ('threads' in patch) set('view', patch.threads ? 'threads' : null);
      const search = next.toString();
      // The native history API updates useSearchParams at once without asking the server to render the page
      // again; router.replace would, and the view would act on the old URL until that round trip ended.
      window.history.replaceState(null, '', search ? `${pathname}?${search}` : pathname);
    },
    [pathname],
  );
  return [state, update];
};
