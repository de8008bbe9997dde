import type { AddressDocument, DomainAliasDocument } from '@eider/accounts';

export const userAddressView = (document: AddressDocument) => ({
  id: document._id.toHexString(),
  address: document.address,
  main: document.main,
  created: document.created.toISOString(),
});

/** Any address in the admin listing: user, forwarded or catch-all. */
export const addressListItem = (document: AddressDocument) => ({
  id: document._id.toHexString(),
  address: document.address,
  user: document.user?.toHexString() ?? null,
  forwarded: document.kind === 'forward',
  catchAll: document.kind === 'catchall',
  targets: document.targets,
  created: document.created.toISOString(),
});

export const forwardedView = (document: AddressDocument) => ({
  success: true as const,
  id: document._id.toHexString(),
  address: document.address,
  targets: document.targets,
  forwardedDisabled: false,
  created: document.created.toISOString(),
});

export const domainAliasView = (document: DomainAliasDocument) => ({
  id: document._id,
  alias: document._id,
  domain: document.domain,
  created: document.created.toISOString(),
});
