/** MongoDB's duplicate-key server error code; FerretDB returns the same. */
export const DUPLICATE_KEY_CODE = 11000;

export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY_CODE;
