/**
 * One index as data, so a single catalog can create every collection's indexes at start-up and the
 * stores never create indexes as a side effect of their first write.
 */
export interface IndexSpec {
  collection: string;
  key: Record<string, 1 | -1>;
  options?: { unique?: boolean; name: string };
}
