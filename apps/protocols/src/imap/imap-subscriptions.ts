import type { Collection, Db, ObjectId } from 'mongodb';

interface SubscriptionDocument {
  user: ObjectId;
  path: string;
}

/**
 * Subscriptions to names without a mailbox (RFC 3501 lets clients subscribe to any name, and keeps a
 * subscription when its mailbox is deleted). Existing mailboxes keep their flag on the mailbox itself.
 */
export class ImapSubscriptions {
  private readonly subscriptions: Collection<SubscriptionDocument>;

  constructor(db: Db) {
    this.subscriptions = db.collection<SubscriptionDocument>('imap_subscriptions');
  }

  async list(user: ObjectId): Promise<string[]> {
    const documents = await this.subscriptions.find({ user }).toArray();
    return documents.map((document) => document.path);
  }

  async add(user: ObjectId, path: string): Promise<void> {
    await this.subscriptions.updateOne({ user, path }, { $setOnInsert: { user, path } }, { upsert: true });
  }

  /** True when there was such a subscription. */
  async remove(user: ObjectId, path: string): Promise<boolean> {
    return (await this.subscriptions.deleteMany({ user, path })).deletedCount > 0;
  }
}
