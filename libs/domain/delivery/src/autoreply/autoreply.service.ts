import type { Collection, Db, ObjectId } from 'mongodb';
import { DeliveryError } from '../errors/delivery.error';

export interface AutoreplySettings {
  enabled: boolean;
  /** Display name for the From of the reply; empty: the address alone. */
  name: string;
  /** Empty: "Auto: " plus the original subject. */
  subject: string;
  text: string;
  html: string;
  /** Active from (inclusive); null: no start. */
  start: Date | null;
  /** Active until (inclusive); null: no end. */
  end: Date | null;
}

interface AutoreplyDocument extends Omit<AutoreplySettings, 'name'> {
  /** Absent on documents written before names existed. */
  name?: string;
  _id: ObjectId;
  updated: Date;
}

export const DISABLED_AUTOREPLY: AutoreplySettings = {
  enabled: false,
  name: '',
  subject: '',
  text: '',
  html: '',
  start: null,
  end: null,
};

const MAX_SUBJECT = 512;
const MAX_BODY = 128 * 1024;

/** True when the autoreply should answer a message arriving at `now`. */
export const autoreplyActive = (settings: AutoreplySettings, now: Date): boolean =>
  settings.enabled &&
  (settings.start === null || now.getTime() >= settings.start.getTime()) &&
  (settings.end === null || now.getTime() <= settings.end.getTime()) &&
  (settings.text !== '' || settings.html !== '');

/** Vacation responder settings, one document per user keyed by the user id. */
export class AutoreplyService {
  private readonly autoreplies: Collection<AutoreplyDocument>;

  constructor(db: Db) {
    this.autoreplies = db.collection<AutoreplyDocument>('autoreplies');
  }

  async get(user: ObjectId): Promise<AutoreplySettings> {
    const document = await this.autoreplies.findOne({ _id: user });
    if (!document) return { ...DISABLED_AUTOREPLY };
    const { enabled, subject, text, html, start, end } = document;
    return {
      enabled,
      name: document.name ?? '',
      subject,
      text,
      html,
      start: start ?? null,
      end: end ?? null,
    };
  }

  async set(user: ObjectId, changes: Partial<AutoreplySettings>): Promise<AutoreplySettings> {
    const next: AutoreplySettings = { ...(await this.get(user)), ...changes };
    if (typeof next.enabled !== 'boolean')
      throw new DeliveryError('INVALID_AUTOREPLY', 'enabled must be true or false');
    if (
      typeof next.subject !== 'string' ||
      next.subject.length > MAX_SUBJECT ||
      /[\r\n]/.test(next.subject)
    ) {
      throw new DeliveryError(
        'INVALID_AUTOREPLY',
        `subject must be one line of at most ${MAX_SUBJECT} characters`,
      );
    }
    if (typeof next.name !== 'string' || next.name.length > MAX_SUBJECT || /[\r\n]/.test(next.name)) {
      throw new DeliveryError(
        'INVALID_AUTOREPLY',
        `name must be one line of at most ${MAX_SUBJECT} characters`,
      );
    }
    for (const field of ['text', 'html'] as const) {
      if (typeof next[field] !== 'string' || next[field].length > MAX_BODY) {
        throw new DeliveryError('INVALID_AUTOREPLY', `${field} must be at most ${MAX_BODY} characters`);
      }
    }
    for (const field of ['start', 'end'] as const) {
      const value = next[field];
      if (value !== null && !(value instanceof Date && !Number.isNaN(value.getTime()))) {
        throw new DeliveryError('INVALID_AUTOREPLY', `${field} must be a date or null`);
      }
    }
    if (next.start && next.end && next.start.getTime() > next.end.getTime()) {
      throw new DeliveryError('INVALID_AUTOREPLY', 'start must not be after end');
    }
    if (next.enabled && next.text === '' && next.html === '') {
      throw new DeliveryError('INVALID_AUTOREPLY', 'an enabled autoreply needs text or html');
    }
    await this.autoreplies.replaceOne({ _id: user }, { ...next, updated: new Date() }, { upsert: true });
    return next;
  }

  async delete(user: ObjectId): Promise<void> {
    await this.autoreplies.deleteOne({ _id: user });
  }
}
