import { ObjectId, type Collection, type Db } from 'mongodb';
import { isDuplicateKeyError } from '@eider/mongo';
import { MailStoreError } from '../errors/mail-store.error';
import type { MailboxService } from '../mailboxes/mailbox.service';
import type { UserDocument } from '../model/documents';

export interface CreateUserInput {
  username: string;
  name?: string;
  /** Bytes; 0 or absent means unlimited. */
  quota?: number;
}

const USERNAME_PATTERN = /^[\p{L}\p{N}._+@-]{1,128}$/u;

export class UserService {
  private readonly users: Collection<UserDocument>;

  constructor(
    db: Db,
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

  /** Deletes the user's mailboxes and messages (releasing their storage), then the user. */
  async delete(id: ObjectId): Promise<void> {
    await this.get(id);
    await this.mailboxes.deleteAllForUser(id);
    await this.users.deleteOne({ _id: id });
  }
}
