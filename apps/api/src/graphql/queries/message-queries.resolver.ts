import { Args, ArgsType, Context, Field, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { MailStore, type MessagePage } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { MAX_UID } from '../../messages/message-lookup';
import { SearchMessagesQuerySchema } from '../../messages/message-read.schemas';
import { checkSearchTerms, mailboxesToSearch, searchCriteria } from '../../messages/message-search.criteria';
import {
  decodeIdCursor,
  decodeUidCursor,
  encodeIdCursor,
  encodeUidCursor,
} from '../../messages/paging-cursor';
import { connectionComplexity, connectionOf, PagingArgs, relayWindow } from '../connection/relay-paging';
import { GqlPrincipal, type GraphqlContext } from '../graphql-context';
import { GraphqlLoaders } from '../loaders/request-loaders';
import {
  assertWritable,
  objectIdArg,
  parseInput,
  readableUser,
  USER_ID_ARG,
} from '../mutations/graphql-access';
import { MessageConnection, MessageType, messageTypeFrom } from '../types/message.type';
import { SortOrderType } from '../types/sort-order.type';
import { accessibleMailbox, HIGHEST_ID, LOWEST_ID, parseMessageId } from './query-access';

@ArgsType()
class MessageListArgs extends PagingArgs {
  @Field(() => ID, { description: 'The mailbox to list' })
  mailboxId!: string;

  @Field(() => SortOrderType, { defaultValue: SortOrderType.DESC, description: 'By arrival (UID)' })
  order!: SortOrderType;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only messages without (true) or with (false) \\Seen',
  })
  unseen?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only messages with (true) or without (false) \\Flagged',
  })
  flagged?: boolean | null;
}

@ArgsType()
class SearchArgs extends PagingArgs {
  @Field(() => String, { nullable: true, description: 'Free text over subject, addresses and body text' })
  query?: string | null;

  @Field(() => ID, { nullable: true, description: 'Search only this mailbox' })
  mailboxId?: string | null;

  @Field(() => String, { nullable: true, description: 'Partial match on From' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Partial match on To and Cc' })
  to?: string | null;

  @Field(() => String, { nullable: true, description: 'Partial match on Subject' })
  subject?: string | null;

  @Field(() => Date, { nullable: true, description: 'Earliest arrival time' })
  dateStart?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Latest arrival time (exclusive)' })
  dateEnd?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Minimal size in bytes' })
  minSize?: number | null;

  @Field(() => Int, { nullable: true, description: 'Maximal size in bytes' })
  maxSize?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Only messages with (or without) attachments' })
  hasAttachment?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  flagged?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  unseen?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Leave out Trash and Junk' })
  searchable?: boolean | null;

  @Field(() => SortOrderType, { defaultValue: SortOrderType.DESC, description: 'By message creation' })
  order!: SortOrderType;

  @Field(() => ID, USER_ID_ARG)
  userId?: string | null;
}

// The REST search's own validation of the text terms, so both APIs accept the same input.
const SearchTextSchema = SearchMessagesQuerySchema.pick({
  query: true,
  from: true,
  to: true,
  subject: true,
  minSize: true,
  maxSize: true,
});

const optional = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

const pageInfoOf = (page: MessagePage) => ({
  total: page.total,
  hasNext: page.hasNext,
  hasPrevious: page.hasPrevious,
});

@Resolver(() => MessageType)
export class MessageQueriesResolver {
  constructor(
    private readonly store: MailStore,
    private readonly loaders: GraphqlLoaders,
  ) {}

  @Query(() => MessageConnection, {
    description: 'Messages of a mailbox, newest first by default; keyset paged, cursors are opaque',
    complexity: connectionComplexity,
  })
  async messages(
    @GqlPrincipal() principal: Principal,
    @Context() context: GraphqlContext,
    @Args() args: MessageListArgs,
  ): Promise<MessageConnection> {
    const mailboxId = objectIdArg(args.mailboxId, 'mailboxId');
    const order = args.order;
    const window = relayWindow(args, decodeUidCursor, order === SortOrderType.DESC ? 0 : MAX_UID + 1);
    const mailbox = await accessibleMailbox(principal, this.loaders.for(context), mailboxId);
    const page = await this.store.listing.listMailbox(
      mailbox._id,
      {
        ...(args.unseen != null ? { unseen: args.unseen } : {}),
        ...(args.flagged != null ? { flagged: args.flagged } : {}),
      },
      {
        limit: window.limit,
        order,
        ...(window.after !== undefined ? { after: window.after } : {}),
        ...(window.before !== undefined ? { before: window.before } : {}),
      },
    );
    const owner = mailbox.user.toHexString();
    return connectionOf(
      page.items,
      pageInfoOf(page),
      (item) => messageTypeFrom(item, owner),
      (item) => encodeUidCursor(item.uid),
    );
  }

  @Query(() => MessageType, { description: 'One message by its global id, "<mailboxId>:<uid>"' })
  async message(
    @GqlPrincipal() principal: Principal,
    @Context() context: GraphqlContext,
    @Args('id', { type: () => ID, description: '"<mailboxId>:<uid>"' }) id: string,
    @Args('markAsSeen', {
      type: () => Boolean,
      defaultValue: false,
      description: 'Set \\Seen (not read-only)',
    })
    markAsSeen: boolean,
  ): Promise<MessageType> {
    const ref = parseMessageId(id);
    if (markAsSeen) assertWritable(principal);
    const mailbox = await accessibleMailbox(principal, this.loaders.for(context), ref.mailbox);
    const message = await this.store.messages.get(mailbox._id, ref.uid);
    let flags = message.flags;
    if (markAsSeen && message.unseen) {
      const result = await this.store.messages.setFlags(mailbox, [ref.uid], 'add', ['\\Seen']);
      flags = result.changed[0]?.flags ?? [...flags, '\\Seen'];
    }
    return messageTypeFrom(message, mailbox.user.toHexString(), flags);
  }

  @Query(() => MessageConnection, {
    description: "Search the user's messages across mailboxes; same criteria as the REST search",
    complexity: connectionComplexity,
  })
  async search(@GqlPrincipal() principal: Principal, @Args() args: SearchArgs): Promise<MessageConnection> {
    const user = readableUser(principal, args.userId);
    const order = args.order;
    const window = relayWindow(args, decodeIdCursor, order === SortOrderType.DESC ? LOWEST_ID : HIGHEST_ID);
    const text = parseInput(SearchTextSchema, {
      query: optional(args.query),
      from: optional(args.from),
      to: optional(args.to),
      subject: optional(args.subject),
      minSize: optional(args.minSize),
      maxSize: optional(args.maxSize),
    });
    const terms = {
      text: text.query,
      from: text.from,
      to: text.to,
      subject: text.subject,
      minSize: text.minSize,
      maxSize: text.maxSize,
      datestart: args.dateStart?.toISOString(),
      dateend: args.dateEnd?.toISOString(),
      attachments: optional(args.hasAttachment),
      flagged: optional(args.flagged),
      unseen: optional(args.unseen),
    };
    checkSearchTerms(terms);
    const mailboxId =
      args.mailboxId == null ? undefined : objectIdArg(args.mailboxId, 'mailboxId').toHexString();
    const mailboxes = await mailboxesToSearch(this.store, user, mailboxId, optional(args.searchable));
    const page = await this.store.listing.search(user, searchCriteria(mailboxes, terms), {
      limit: window.limit,
      order,
      ...(window.after !== undefined ? { after: window.after } : {}),
      ...(window.before !== undefined ? { before: window.before } : {}),
    });
    const owner = user.toHexString();
    return connectionOf(
      page.items,
      pageInfoOf(page),
      (item) => messageTypeFrom(item, owner),
      (item) => encodeIdCursor(item._id),
    );
  }
}
