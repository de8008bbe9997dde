import { setTimeout as sleep } from 'node:timers/promises';
import { ObjectId, type Collection } from 'mongodb';
import type { StoreCapabilities } from '@eider/mongo';
import { isDuplicateKeyError } from '@eider/mongo';
import { MailStoreError } from '../errors/mail-store.error';
import { retryBusy } from './busy-retry.helper';

/** 'atomic': each store operation is atomic on its own (MongoDB). 'locked': serialise with a lease lock (FerretDB). */
export type KeyUpdateMode = 'atomic' | 'locked';

/** A lease lock: the unique `_id` lets one holder in at a time; `expires` lets a crashed holder's lock be taken over. */
export interface LeaseLockDocument {
  _id: string;
  token: ObjectId;
  expires: Date;
}

/** Runs a sequence of key-document operations so that, taken together, it cannot interleave badly. */
export interface KeyGuard {
  run<T>(key: string, section: () => Promise<T>): Promise<T>;
}

export const keyUpdateModeFor = (capabilities: Pick<StoreCapabilities, 'backend'>): KeyUpdateMode =>
  capabilities.backend === 'mongodb' ? 'atomic' : 'locked';

/** MongoDB: every operation the store issues is atomic on its own and the protocol tolerates interleaving. */
export const atomicKeyGuard: KeyGuard = { run: (_key, section) => section() };

/**
 * A lease lock per key, built from what FerretDB v1 does make atomic: an insert against the unique
 * `_id`. The holder runs a few single-document operations (milliseconds), never GridFS transfers, so
 * a lock older than its lease belongs to a crashed process and may be taken over.
 */
export class KeyLocks implements KeyGuard {
  constructor(
    private readonly locks: Collection<LeaseLockDocument>,
    private readonly leaseMs: number,
    private readonly maxWaitMs: number = 2 * leaseMs,
  ) {}

  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const token = await this.acquire(key);
    try {
      return await section();
    } finally {
      await retryBusy(() => this.locks.deleteOne({ _id: key, token }));
    }
  }

  private async acquire(key: string): Promise<ObjectId> {
    const token = new ObjectId();
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await retryBusy(() =>
          this.locks.insertOne({ _id: key, token, expires: new Date(Date.now() + this.leaseMs) }),
        );
        return token;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const held = await this.locks.findOne({ _id: key });
      if (held && held.expires.getTime() < Date.now()) {
        // Only the expired token's lock is meant to go. On FerretDB the token check and the delete are two
        // steps, so two processes breaking the same dead lock in the same instant could also remove a
        // successor's lock; that needs a crash first and only matters on the development store.
        await retryBusy(() => this.locks.deleteOne({ _id: key, token: held.token }));
        continue;
      }
      if (Date.now() - started > this.maxWaitMs) {
        throw new MailStoreError('CONFLICT', `${key} stayed locked for ${this.maxWaitMs} ms`);
      }
      await sleep(1 + Math.random() * Math.min(25, 2 ** Math.min(attempt, 5)));
    }
  }
}
