/** A `next` target is only ever a same-site path, so the sign-in page cannot be used as an open redirect. */
export const safeNextPath = (next: string | null | undefined): string => {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/mail';
  if (next.startsWith('/login') || next.startsWith('/api/')) return '/mail';
  return next;
};
