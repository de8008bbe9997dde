import type { FilterDocument } from '@eider/delivery';

/** A filter as the REST API shows it (WildDuck's field names). */
export const filterView = (filter: FilterDocument) => ({
  id: filter._id.toHexString(),
  user: filter.user.toHexString(),
  name: filter.name,
  query: { ...filter.query },
  action: { ...filter.action },
  disabled: filter.disabled,
  created: filter.created.toISOString(),
});
