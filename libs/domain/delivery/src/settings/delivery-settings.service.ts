import type { Collection, Db, ObjectId } from 'mongodb';
import { DeliveryError } from '../errors/delivery.error';
import { parseForwardTarget } from '../filters/filter.matcher';
import { DEFAULT_SPAM_LEVEL } from '../spam/spam-verdict.parser';

export interface DeliverySettings {
  /** 0..100: 0 files everything as spam, 100 nothing; 50 uses the operator's threshold as is. */
  spamLevel: number;
  /** Every message is forwarded here (addresses, http(s) or smtp(s) URLs). */
  forwardTargets: string[];
  /** With forward targets: also store a local copy. */
  keepCopy: boolean;
}

interface DeliverySettingsDocument extends DeliverySettings {
  _id: ObjectId;
  updated: Date;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  spamLevel: DEFAULT_SPAM_LEVEL,
  forwardTargets: [],
  keepCopy: true,
};

const MAX_FORWARD_TARGETS = 20;

/** Per-user delivery settings, one document per user keyed by the user id. */
export class DeliverySettingsService {
  private readonly settings: Collection<DeliverySettingsDocument>;

  constructor(db: Db) {
    this.settings = db.collection<DeliverySettingsDocument>('delivery_settings');
  }

  async get(user: ObjectId): Promise<DeliverySettings> {
    const document = await this.settings.findOne({ _id: user });
    if (!document) return { ...DEFAULT_DELIVERY_SETTINGS, forwardTargets: [] };
    return {
      spamLevel: document.spamLevel ?? DEFAULT_SPAM_LEVEL,
      forwardTargets: document.forwardTargets ?? [],
      keepCopy: document.keepCopy ?? true,
    };
  }

  /** Changes the given fields; the whole document is replaced, last writer wins. */
  async update(user: ObjectId, changes: Partial<DeliverySettings>): Promise<DeliverySettings> {
    const next = { ...(await this.get(user)), ...changes };
    if (!Number.isInteger(next.spamLevel) || next.spamLevel < 0 || next.spamLevel > 100) {
      throw new DeliveryError('INVALID_SETTINGS', 'spamLevel must be an integer from 0 to 100');
    }
    if (!Array.isArray(next.forwardTargets) || next.forwardTargets.length > MAX_FORWARD_TARGETS) {
      throw new DeliveryError('INVALID_SETTINGS', `at most ${MAX_FORWARD_TARGETS} forward targets`);
    }
    for (const target of next.forwardTargets) {
      if (typeof target !== 'string' || !parseForwardTarget(target)) {
        throw new DeliveryError(
          'INVALID_SETTINGS',
          `${String(target)} is not an address, http(s) URL or smtp(s) URL`,
        );
      }
    }
    if (typeof next.keepCopy !== 'boolean')
      throw new DeliveryError('INVALID_SETTINGS', 'keepCopy must be true or false');
    const document: Omit<DeliverySettingsDocument, '_id'> = {
      spamLevel: next.spamLevel,
      forwardTargets: next.forwardTargets.map((target) => target.trim()),
      keepCopy: next.keepCopy,
      updated: new Date(),
    };
    await this.settings.replaceOne({ _id: user }, document, { upsert: true });
    return {
      spamLevel: document.spamLevel,
      forwardTargets: document.forwardTargets,
      keepCopy: document.keepCopy,
    };
  }

  async delete(user: ObjectId): Promise<void> {
    await this.settings.deleteOne({ _id: user });
  }
}
