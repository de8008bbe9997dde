import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Resolver, type ComplexityEstimatorArgs } from '@nestjs/graphql';
import type { ObjectId } from 'mongodb';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { MailStore, type MailboxDocument, type MessageDocument } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { MessageChangesService } from '../../messages/message-changes.service';
import type { MessageChanges } from '../../messages/message-changes.schemas';
import { UploadMessageSchema, uploadDateOf, uploadFlagsOf } from '../../messages/message-upload.schemas';
import { GqlPrincipal } from '../graphql-context';
import { GraphqlApiError } from '../graphql-errors';
import { MessageType, messageTypeFrom } from '../types/message.type';
import { USER_ID_ARG, objectIdArg, parseInput, writableUser } from './graphql-access';
import { groupMessageIds, uidSelectors, type MessageRef, type NamedMessages } from './message-ids';
import { uploadedMessage } from './upload-content';

const IDS_ARG = {
  type: () => [ID],
  description: 'Message ids, "<mailboxId>:<uid>", at most 1000; they may span mailboxes',
} as const;

/** Answering N messages costs N times their selection. */
const perMessage = ({ args, childComplexity }: ComplexityEstimatorArgs): number => {
  const ids: unknown = args['ids'];
  return 1 + Math.max(1, Array.isArray(ids) ? ids.length : 1) * childComplexity;
};

const DELETE_BATCH = 500;

const flagArg = (description: string) => ({ type: () => Boolean, nullable: true, description }) as const;

/** Flags, moves, deletes and uploads of messages, through the same service and checks as REST. */
@Resolver(() => MessageType)
export class MessageMutationsResolver {
  constructor(
    private readonly store: MailStore,
    private readonly changes: MessageChangesService,
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
  ) {}

  @Mutation(() => [MessageType], {
    description: 'Set or clear flags on messages; answers them with their new flags',
    complexity: perMessage,
  })
  async setMessageFlags(
    @GqlPrincipal() principal: Principal,
    @Args('ids', IDS_ARG) ids: string[],
    @Args('seen', flagArg('\\Seen')) seen?: boolean | null,
    @Args('flagged', flagArg('\\Flagged')) flagged?: boolean | null,
    @Args('answered', flagArg('\\Answered')) answered?: boolean | null,
    @Args('draft', flagArg('\\Draft')) draft?: boolean | null,
    @Args('deleted', flagArg('\\Deleted')) deleted?: boolean | null,
    @Args('forwarded', flagArg('$Forwarded')) forwarded?: boolean | null,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<MessageType[]> {
    const user = writableUser(principal, userId);
    const changes: MessageChanges = {};
    const given = { seen, flagged, answered, draft, deleted, forwarded };
    for (const [field, value] of Object.entries(given) as [
      keyof typeof given,
      boolean | null | undefined,
    ][]) {
      if (typeof value === 'boolean') changes[field] = value;
    }
    if (Object.keys(changes).length === 0) {
      throw new GraphqlApiError('BAD_USER_INPUT', 'Nothing to change: give at least one flag');
    }
    const named = groupMessageIds(ids);
    await this.loadAll(user, named);
    for (const group of named.groups) {
      for (const selector of uidSelectors(group.uids)) {
        await this.changes.update(user, group.mailbox, selector, changes, null);
      }
    }
    return this.answer(user, named.refs);
  }

  @Mutation(() => [MessageType], {
    description: 'Move messages to a mailbox of the same user; answers them under their new ids',
    complexity: perMessage,
  })
  async moveMessages(
    @GqlPrincipal() principal: Principal,
    @Args('ids', IDS_ARG) ids: string[],
    @Args('mailboxId', { type: () => ID, description: 'The target mailbox' }) mailboxId: string,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<MessageType[]> {
    const user = writableUser(principal, userId);
    const targetId = objectIdArg(mailboxId, 'mailboxId');
    const named = groupMessageIds(ids);
    const target = await this.store.mailboxes.getById(user, targetId);
    await this.loadAll(user, named);
    // Old key to new UID; messages already in the target stay as they are.
    const newUid = new Map<string, number>();
    for (const group of named.groups) {
      if (group.mailbox.equals(target._id)) continue;
      for (const selector of uidSelectors(group.uids)) {
        const result = await this.changes.update(user, group.mailbox, selector, {}, target._id);
        if (!('id' in result)) continue;
        for (const [from, to] of result.id) newUid.set(refKey({ mailbox: group.mailbox, uid: from }), to);
      }
    }
    const moved = named.refs.flatMap((ref) => {
      if (ref.mailbox.equals(target._id)) return [ref];
      const uid = newUid.get(refKey(ref));
      return uid === undefined ? [] : [{ mailbox: target._id, uid }];
    });
    return this.answer(user, moved);
  }

  @Mutation(() => [MessageType], {
    description: 'Delete messages permanently (no Trash detour); answers them as they were',
    complexity: perMessage,
  })
  async deleteMessages(
    @GqlPrincipal() principal: Principal,
    @Args('ids', IDS_ARG) ids: string[],
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<MessageType[]> {
    const user = writableUser(principal, userId);
    const named = groupMessageIds(ids);
    const { mailboxes, documents } = await this.loadAll(user, named);
    for (const group of named.groups) {
      const mailbox = mailboxes.get(group.mailbox.toHexString()) as MailboxDocument;
      for (let start = 0; start < group.uids.length; start += DELETE_BATCH) {
        await this.store.messages.deleteMessages(mailbox, group.uids.slice(start, start + DELETE_BATCH));
      }
    }
    return documents.map((document) => messageTypeFrom(document, user.toHexString()));
  }

  @Mutation(() => MessageType, { description: 'Store a raw RFC 822 message in a mailbox, byte for byte' })
  async uploadMessage(
    @GqlPrincipal() principal: Principal,
    @Args('mailboxId', { type: () => ID }) mailboxId: string,
    @Args('raw', { description: 'The message, as text or base64' }) raw: string,
    @Args('flags', {
      type: () => [String],
      nullable: true,
      description: 'Flags to store it with, e.g. \\Seen or $Label1; none by default',
    })
    flags?: string[] | null,
    @Args('date', { type: () => Date, nullable: true, description: 'INTERNALDATE; defaults to now' })
    date?: Date | null,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<MessageType> {
    const user = writableUser(principal, userId);
    const targetId = objectIdArg(mailboxId, 'mailboxId');
    const bytes = uploadedMessage(raw, this.config.limits.maxMessageSize);
    const options = parseInput(UploadMessageSchema.omit({ raw: true }), {
      unseen: true,
      ...(flags ? { flags } : {}),
      ...(date ? { date: date.toISOString() } : {}),
    });
    const target = await this.store.mailboxes.getById(user, targetId);
    const idate = uploadDateOf(options);
    const stored = await this.store.ingest.add(target, bytes, {
      flags: uploadFlagsOf(options),
      expectedSize: bytes.length,
      ...(idate ? { idate } : {}),
    });
    const [document] = await this.store.messages.getMany(user, [{ mailbox: target._id, uid: stored.uid }]);
    if (!document) throw new GraphqlApiError('NOT_FOUND', 'The message was removed right after upload');
    return messageTypeFrom(document, user.toHexString());
  }

  /**
   * Every named mailbox and message, checked to be the user's before anything changes: an unknown or
   * foreign id fails the whole mutation with NOT_FOUND and leaves everything as it was.
   */
  private async loadAll(
    user: ObjectId,
    { groups, refs }: NamedMessages,
  ): Promise<{ mailboxes: Map<string, MailboxDocument>; documents: MessageDocument[] }> {
    const mailboxes = new Map<string, MailboxDocument>();
    for (const group of groups) {
      mailboxes.set(group.mailbox.toHexString(), await this.store.mailboxes.getById(user, group.mailbox));
    }
    const documents = await this.store.messages.getMany(user, refs);
    if (documents.length !== refs.length) {
      const found = new Set(documents.map(refKey));
      const missing = refs.find((ref) => !found.has(refKey(ref)));
      throw new GraphqlApiError('NOT_FOUND', `Message ${missing ? refKey(missing) : ''} was not found`);
    }
    return { mailboxes, documents: sortedLike(refs, documents) };
  }

  /** The messages as they are now, in the order named. */
  private async answer(user: ObjectId, refs: MessageRef[]): Promise<MessageType[]> {
    const documents = sortedLike(refs, await this.store.messages.getMany(user, refs));
    return documents.map((document) => messageTypeFrom(document, user.toHexString()));
  }
}

const refKey = (ref: MessageRef): string => `${ref.mailbox.toHexString()}:${ref.uid}`;

const sortedLike = (refs: MessageRef[], documents: MessageDocument[]): MessageDocument[] => {
  const byKey = new Map(documents.map((document) => [refKey(document), document]));
  return refs.flatMap((ref) => byKey.get(refKey(ref)) ?? []);
};
