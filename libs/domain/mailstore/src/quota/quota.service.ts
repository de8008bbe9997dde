import type { Collection, Db, ObjectId } from 'mongodb';
import {
  atomicKeyGuard,
  KeyLocks,
  type KeyGuard,
  type KeyUpdateMode,
  type LeaseLockDocument,
} from '../concurrency/key-guard';
import { MailStoreError } from '../errors/mail-store.error';
import type { UserDocument } from '../model/documents';

export interface QuotaUsage {
  used: number;
  /** 0 means unlimited. */
  limit: number;
}

/**
 * Storage accounting. Each message counts its full RFC822 size for its owner, even when its attachments
 * are deduplicated in GridFS: users are billed for what they keep, the operator saves the duplicates.
 */
export class QuotaService {
  private readonly users: Collection<UserDocument>;
  private readonly messages: Collection<{ user: ObjectId; size: number }>;
  private readonly guard: KeyGuard;

  /**
   * `locked` serialises counter updates per user with the same lease lock the attachment store uses:
   * FerretDB applies `$inc` as read-modify-write and loses concurrent increments. MongoDB needs no lock.
   */
  constructor(db: Db, mode: KeyUpdateMode = 'locked') {
    this.users = db.collection<UserDocument>('users');
    this.messages = db.collection<{ user: ObjectId; size: number }>('messages');
    this.guard =
      mode === 'atomic'
        ? atomicKeyGuard
        : new KeyLocks(db.collection<LeaseLockDocument>('quota_locks'), 30_000);
  }

  async usage(user: ObjectId): Promise<QuotaUsage> {
    const doc = await this.users.findOne({ _id: user }, { projection: { storageUsed: 1, quota: 1 } });
    if (!doc) throw new MailStoreError('USER_NOT_FOUND', 'user does not exist');
    return { used: doc.storageUsed, limit: doc.quota };
  }

  /** Throws OVER_QUOTA when storing `bytes` more would exceed the user's quota. */
  async assertCanStore(user: ObjectId, bytes: number): Promise<void> {
    const { used, limit } = await this.usage(user);
    if (limit > 0 && used + bytes > limit) {
      throw new MailStoreError(
        'OVER_QUOTA',
        `storing ${bytes} bytes would exceed the quota of ${limit} bytes`,
      );
    }
  }

  async adjust(user: ObjectId, delta: number): Promise<void> {
    if (delta === 0) return;
    await this.guard.run(`quota:${user.toHexString()}`, () =>
      this.users.updateOne({ _id: user }, { $inc: { storageUsed: delta } }),
    );
  }

  /**
   * Recounts usage from the stored messages: use it when the counter and reality disagree. Running it twice
   * gives the same result (idempotent). It is not atomic: a message added or removed while it runs may be
   * counted in the sum and also applied to the counter by its own `$inc`, so run it again on a quiet account
   * if exactness matters.
   */
  async recalculate(user: ObjectId): Promise<{ before: number; after: number }> {
    const before = (await this.usage(user)).used;
    const [total] = await this.messages
      .aggregate<{ total: number }>([
        { $match: { user } },
        { $group: { _id: null, total: { $sum: '$size' } } },
      ])
      .toArray();
    const after = total?.total ?? 0;
    await this.users.updateOne({ _id: user }, { $set: { storageUsed: after } });
    return { before, after };
  }
}
