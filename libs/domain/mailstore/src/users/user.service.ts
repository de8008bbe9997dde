import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import { isDuplicateKeyError } from '@eider/mongo';
import { MailStoreError } from '../errors/mail-store.error';
import { JOURNAL_COLLECTION } from '../journal/journal.types';
import type { MailboxService } from '../mailboxes/mailbox.service';
import type { UserDocument, UserLimitKind } from '../model/documents';
import { pageById, type IdPage, type IdPageRequest } from './id-page';

export interface CreateUserInput {
  username: string;
  name?: string;
  /** Bytes; 0 or absent means unlimited. */
  quota?: number;
}

export interface UpdateUserInput {
  name?: string;
  /** Bytes; 0 means unlimited. */
  quota?: number;
  disabled?: boolean;
  /** Daily limit overrides; 0 means unlimited, null returns to the configured default. */
  limits?: Partial<Record<UserLimitKind, number | null>>;
}

export interface UserPageRequest extends IdPageRequest<ObjectId> {
  /** Substring of the username or name, case-insensitive. */
  query?: string;
  /** Users matched some other way (by address), listed as if the query had matched them. */
  alsoIds?: ObjectId[];
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const USERNAME_PATTERN = /^[\p{L}\p{N}._+@-]{1,128}$/u;

export class UserService {
  private readonly users: Collection<UserDocument>;

  constructor(
    private readonly db: Db,
    private readonly mailboxes: MailboxService,
  ) {
    this.users = db.collection<UserDocument>('users');
  }

  /** Creates the user with INBOX and the special-use mailboxes. */
  async create(input: CreateUserInput): Promise<UserDocument> {
    const username = input.username.normalize('NFC').trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username)) {
      throw new MailStoreError('CONFLICT', 'username must be 1-128 letters, digits or . _ + @ -');
    }
    const user: UserDocument = {
      _id: new ObjectId(),
      username,
      name: input.name ?? '',
      disabled: false,
      quota: Math.max(0, input.quota ?? 0),
      storageUsed: 0,
      created: new Date(),
    };
    try {
      await this.users.insertOne(user);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new MailStoreError('CONFLICT', `user ${username} already exists`);
      throw error;
    }
    await this.mailboxes.createDefaults(user._id);
    return user;
  }

  async get(id: ObjectId): Promise<UserDocument> {
    const user = await this.users.findOne({ _id: id });
    if (!user) throw new MailStoreError('USER_NOT_FOUND', 'user does not exist');
    return user;
  }

  /** Several users by id at once (missing ones are left out). */
  getMany(ids: readonly ObjectId[]): Promise<UserDocument[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users.find({ _id: { $in: [...ids] } }).toArray();
  }

  async getByUsername(username: string): Promise<UserDocument> {
    const user = await this.users.findOne({ username: username.normalize('NFC').trim().toLowerCase() });
    if (!user) throw new MailStoreError('USER_NOT_FOUND', `user ${username} does not exist`);
    return user;
  }

  async setQuota(id: ObjectId, quota: number): Promise<void> {
    const result = await this.users.updateOne({ _id: id }, { $set: { quota: Math.max(0, quota) } });
    if (result.matchedCount === 0) throw new MailStoreError('USER_NOT_FOUND', 'user does not exist');
  }

  async setDisabled(id: ObjectId, disabled: boolean): Promise<void> {
    const result = await this.users.updateOne({ _id: id }, { $set: { disabled } });
    if (result.matchedCount === 0) throw new MailStoreError('USER_NOT_FOUND', 'user does not exist');
  }

  async update(id: ObjectId, input: UpdateUserInput): Promise<UserDocument> {
    const set: Record<string, unknown> = {};
    const unset: Record<string, ''> = {};
    if (input.name !== undefined) set['name'] = input.name.trim();
    if (input.quota !== undefined) set['quota'] = Math.max(0, input.quota);
    if (input.disabled !== undefined) set['disabled'] = input.disabled;
    for (const [kind, value] of Object.entries(input.limits ?? {})) {
      if (value === null) unset[`limits.${kind}`] = '';
      else if (value !== undefined) set[`limits.${kind}`] = Math.max(0, value);
    }
    const update = {
      ...(Object.keys(set).length > 0 ? { $set: set } : {}),
      ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
    };
    if (Object.keys(update).length > 0) {
      const result = await this.users.updateOne({ _id: id }, update);
      if (result.matchedCount === 0) throw new MailStoreError('USER_NOT_FOUND', 'user does not exist');
    }
    return this.get(id);
  }

  /** Users in `_id` order, a window at a time; see pageById. */
  async page(request: UserPageRequest): Promise<IdPage<UserDocument, ObjectId>> {
    const query = request.query?.normalize('NFC').trim();
    let filter: Filter<UserDocument> = {};
    if (query) {
      const pattern = { $regex: escapeRegex(query), $options: 'i' };
      filter = {
        $or: [
          { username: pattern },
          { name: pattern },
          ...(request.alsoIds && request.alsoIds.length > 0 ? [{ _id: { $in: request.alsoIds } }] : []),
        ],
      };
    }
    return pageById(this.users, filter, request);
  }

  /**
   * Deletes the user's mailboxes and messages (releasing their storage and attachment references), any
   * body documents left over, the thread references and journal entries kept for them, then the user.
   */
  async delete(id: ObjectId): Promise<void> {
    await this.get(id);
    await this.mailboxes.deleteAllForUser(id);
    // Their messages are gone (each body after its message); this catches bodies a crash left behind.
    await this.db.collection<{ user: ObjectId }>('message_bodies').deleteMany({ user: id });
    await this.db.collection<{ _id: string }>('thread_refs').deleteMany({
      _id: { $regex: `^${id.toHexString()}:` },
    });
    await this.db.collection<{ user: ObjectId }>(JOURNAL_COLLECTION).deleteMany({ user: id });
    await this.users.deleteOne({ _id: id });
  }
}
