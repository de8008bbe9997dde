import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ObjectId } from 'mongodb';
import { AddressService } from '@eider/accounts';
import {
  MailStore,
  type MailboxCounts,
  type MailboxDocument,
  type MessageDocument,
  type UserDocument,
} from '@eider/mailstore';
import type { GraphqlContext } from '../graphql-context';

/** Loaders of one operation: each batches the lookups of a tick into one query and caches them. */
export interface RequestLoaders {
  /** Mailboxes by id (hex); null when missing. Callers check the owner. */
  mailbox: DataLoader<string, MailboxDocument | null>;
  /** Message, unseen and size counters by mailbox id (hex). */
  counts: DataLoader<string, MailboxCounts>;
  /** Users by id (hex); null when missing. */
  user: DataLoader<string, UserDocument | null>;
  /** The main address by user id (hex). */
  mainAddress: DataLoader<string, string | null>;
  /** A user's mailboxes by user id (hex), sorted by path. */
  mailboxesOfUser: DataLoader<string, MailboxDocument[]>;
  /** Full messages by `<userId>:<mailboxId>:<uid>`; null when missing. */
  message: DataLoader<string, MessageDocument | null>;
}

export const messageLoaderKey = (user: string, mailbox: string, uid: number): string =>
  `${user}:${mailbox}:${uid}`;

const byHex = <T extends { _id: ObjectId }>(keys: readonly string[], found: T[]): (T | null)[] => {
  const map = new Map(found.map((document) => [document._id.toHexString(), document]));
  return keys.map((key) => map.get(key) ?? null);
};

/**
 * Hands out per-operation loaders, kept with the operation's context object so nothing is shared between
 * requests (a cache must never answer one principal with data read for another).
 */
@Injectable()
export class GraphqlLoaders {
  private readonly perContext = new WeakMap<object, RequestLoaders>();

  constructor(
    private readonly store: MailStore,
    private readonly addresses: AddressService,
  ) {}

  for(context: GraphqlContext): RequestLoaders {
    let loaders = this.perContext.get(context);
    if (!loaders) {
      // A subscription keeps its context for every event it delivers: batch there, but never cache.
      loaders = this.create(context.req !== undefined);
      this.perContext.set(context, loaders);
    }
    return loaders;
  }

  private create(cache: boolean): RequestLoaders {
    const ids = (keys: readonly string[]) => keys.map((key) => new ObjectId(key));
    const options = { cache };
    return {
      mailbox: new DataLoader(
        async (keys) => byHex(keys, await this.store.mailboxes.getMany(ids(keys))),
        options,
      ),
      counts: new DataLoader(async (keys) => {
        const counts = await this.store.queries.countsMany(ids(keys));
        return keys.map((key) => counts.get(key) ?? { messages: 0, unseen: 0, deleted: 0, size: 0 });
      }, options),
      user: new DataLoader(async (keys) => byHex(keys, await this.store.users.getMany(ids(keys))), options),
      mainAddress: new DataLoader(async (keys) => {
        const mains = await this.addresses.mainAddresses(ids(keys));
        return keys.map((key) => mains.get(key) ?? null);
      }, options),
      // Seldom more than one user per operation (root listing users); each is one indexed read.
      mailboxesOfUser: new DataLoader(
        (keys) => Promise.all(keys.map((key) => this.store.mailboxes.list(new ObjectId(key)))),
        options,
      ),
      message: new DataLoader((keys) => this.loadMessages(keys), options),
    };
  }

  private async loadMessages(keys: readonly string[]): Promise<(MessageDocument | null)[]> {
    const byUser = new Map<string, { mailbox: ObjectId; uid: number }[]>();
    for (const key of keys) {
      const [user = '', mailbox = '', uid = '0'] = key.split(':');
      const refs = byUser.get(user) ?? [];
      refs.push({ mailbox: new ObjectId(mailbox), uid: Number(uid) });
      byUser.set(user, refs);
    }
    const found = new Map<string, MessageDocument>();
    await Promise.all(
      [...byUser].map(async ([user, refs]) => {
        for (const message of await this.store.messages.getMany(new ObjectId(user), refs)) {
          found.set(messageLoaderKey(user, message.mailbox.toHexString(), message.uid), message);
        }
      }),
    );
    return keys.map((key) => found.get(key) ?? null);
  }
}
