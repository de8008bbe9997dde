/**
 * UIDs per block. On FerretDB only top-level equality reaches PostgreSQL, so a listing that can ask for
 * `{mailbox, uidBlock}` reads one block's rows instead of decoding the whole mailbox for a UID range.
 */
export const UID_BLOCK_SIZE = 64;

/** The block a UID belongs to; stored as `uidBlock` wherever a message gets or changes its UID. */
export const uidBlockOf = (uid: number): number => Math.floor(uid / UID_BLOCK_SIZE);
