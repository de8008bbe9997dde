import { ObjectId, type Collection, type Db } from 'mongodb';
import { DeliveryError } from '../errors/delivery.error';
import { parseForwardTarget } from './filter.matcher';
import type { FilterAction, FilterDocument, FilterQuery } from './filter.types';

export interface CreateFilterInput {
  name?: string;
  query: FilterQuery;
  action: FilterAction;
  disabled?: boolean;
}

const MAX_TEXT = 512;
const MAX_TARGETS = 20;
const MAX_FILTERS_PER_USER = 200;
const TEXT_FIELDS = ['from', 'to', 'subject', 'listId', 'text'] as const;
const BOOLEAN_ACTIONS = ['seen', 'flag', 'delete', 'spam'] as const;

const invalid = (message: string): DeliveryError => new DeliveryError('INVALID_FILTER', message);

/** Checks and copies a query, keeping only known fields, so stored filters never carry junk. */
const cleanQuery = (query: FilterQuery): FilterQuery => {
  const clean: FilterQuery = {};
  for (const field of TEXT_FIELDS) {
    const value = query[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
      throw invalid(`query.${field} must be a non-empty string of at most ${MAX_TEXT} characters`);
    }
    clean[field] = value.normalize('NFC');
  }
  if (query.ha !== undefined) {
    if (typeof query.ha !== 'boolean') throw invalid('query.ha must be true or false');
    clean.ha = query.ha;
  }
  if (query.size !== undefined) {
    if (!Number.isSafeInteger(query.size) || query.size === 0)
      throw invalid('query.size must be a non-zero integer');
    clean.size = query.size;
  }
  return clean;
};

const cleanAction = (action: FilterAction): FilterAction => {
  const clean: FilterAction = {};
  for (const field of BOOLEAN_ACTIONS) {
    const value = action[field];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw invalid(`action.${field} must be true or false`);
    clean[field] = value;
  }
  if (action.mailbox !== undefined) {
    if (
      typeof action.mailbox !== 'string' ||
      action.mailbox.trim() === '' ||
      action.mailbox.length > MAX_TEXT
    ) {
      throw invalid('action.mailbox must be a mailbox id or path');
    }
    clean.mailbox = action.mailbox;
  }
  if (action.targets !== undefined) {
    if (!Array.isArray(action.targets) || action.targets.length > MAX_TARGETS) {
      throw invalid(`action.targets must be a list of at most ${MAX_TARGETS} targets`);
    }
    clean.targets = action.targets.map((target) => {
      if (typeof target !== 'string' || !parseForwardTarget(target)) {
        throw invalid(`action.targets: ${String(target)} is not an address, http(s) URL or smtp(s) URL`);
      }
      return target.trim();
    });
  }
  if (Object.keys(clean).length === 0) throw invalid('a filter needs at least one action');
  return clean;
};

/** Per-user filters, kept in their own collection and evaluated in creation order on delivery. */
export class FilterService {
  private readonly filters: Collection<FilterDocument>;

  constructor(db: Db) {
    this.filters = db.collection<FilterDocument>('filters');
  }

  async create(user: ObjectId, input: CreateFilterInput): Promise<FilterDocument> {
    const document: FilterDocument = {
      _id: new ObjectId(),
      user,
      name: (input.name ?? '').trim().slice(0, 128),
      query: cleanQuery(input.query ?? {}),
      action: cleanAction(input.action ?? {}),
      disabled: input.disabled ?? false,
      created: new Date(),
    };
    if ((await this.filters.countDocuments({ user })) >= MAX_FILTERS_PER_USER) {
      throw invalid(`a user may have at most ${MAX_FILTERS_PER_USER} filters`);
    }
    await this.filters.insertOne(document);
    return document;
  }

  /** In evaluation order: creation time, then id (ids made in one process also ascend). */
  list(user: ObjectId): Promise<FilterDocument[]> {
    return this.filters.find({ user }).sort({ created: 1, _id: 1 }).toArray();
  }

  /** Every user's filters, newest first, a page at a time (admin listing). */
  async listAll(page: {
    skip: number;
    limit: number;
  }): Promise<{ total: number; results: FilterDocument[] }> {
    const [total, results] = await Promise.all([
      this.filters.countDocuments({}),
      this.filters.find({}).sort({ _id: -1 }).skip(page.skip).limit(page.limit).toArray(),
    ]);
    return { total, results };
  }

  async get(user: ObjectId, id: ObjectId): Promise<FilterDocument> {
    const filter = await this.filters.findOne({ _id: id, user });
    if (!filter) throw new DeliveryError('FILTER_NOT_FOUND', 'filter does not exist');
    return filter;
  }

  /** Replaces the given fields; a given query or action replaces the stored one as a whole. */
  async update(user: ObjectId, id: ObjectId, changes: Partial<CreateFilterInput>): Promise<FilterDocument> {
    const set: Partial<Omit<FilterDocument, '_id' | 'user' | 'created'>> = {};
    if (changes.name !== undefined) set.name = changes.name.trim().slice(0, 128);
    if (changes.query !== undefined) set.query = cleanQuery(changes.query);
    if (changes.action !== undefined) set.action = cleanAction(changes.action);
    if (changes.disabled !== undefined) set.disabled = changes.disabled;
    if (Object.keys(set).length === 0) return this.get(user, id);
    const result = await this.filters.findOneAndUpdate(
      { _id: id, user },
      { $set: set },
      { returnDocument: 'after' },
    );
    if (!result) throw new DeliveryError('FILTER_NOT_FOUND', 'filter does not exist');
    return result;
  }

  async setDisabled(user: ObjectId, id: ObjectId, disabled: boolean): Promise<void> {
    const result = await this.filters.updateOne({ _id: id, user }, { $set: { disabled } });
    if (result.matchedCount === 0) throw new DeliveryError('FILTER_NOT_FOUND', 'filter does not exist');
  }

  async delete(user: ObjectId, id: ObjectId): Promise<void> {
    const result = await this.filters.deleteOne({ _id: id, user });
    if (result.deletedCount === 0) throw new DeliveryError('FILTER_NOT_FOUND', 'filter does not exist');
  }

  async deleteAllForUser(user: ObjectId): Promise<number> {
    return (await this.filters.deleteMany({ user })).deletedCount;
  }
}
