import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { FilterDocument } from '@eider/delivery';

@ObjectType('FilterQuery', { description: 'What a message must match; every given condition must hold' })
export class FilterQueryType {
  @Field(() => String, { nullable: true, description: 'Substring of the From addresses or names' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Substring of To, Cc or Delivered-To' })
  to?: string | null;

  @Field(() => String, { nullable: true, description: 'Substring of the subject' })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: 'Substring of List-ID' })
  listId?: string | null;

  @Field(() => String, { nullable: true, description: 'Substring of the plain-text body' })
  text?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Has attachments (true) or has none (false)' })
  hasAttachments?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'n: larger than n bytes; -n: smaller than n bytes' })
  size?: number | null;
}

@ObjectType('FilterAction', { description: 'What a matching filter does; unset fields decide nothing' })
export class FilterActionType {
  @Field(() => Boolean, { nullable: true, description: 'Mark as seen (true) or unseen (false)' })
  seen?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Flag (true) or unflag (false)' })
  flag?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Discard instead of storing' })
  delete?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: file as spam; false: never spam' })
  spam?: boolean | null;

  @Field(() => ID, { nullable: true, description: "Id of one of the user's mailboxes to file into" })
  mailbox?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Forward targets: addresses, http(s) or smtp(s) URLs',
  })
  targets?: string[] | null;
}

@ObjectType('Filter', { description: 'A delivery filter, evaluated in creation order' })
export class FilterType {
  @Field(() => ID, { description: '24-hex filter id' })
  id!: string;

  @Field()
  name!: string;

  @Field(() => FilterQueryType)
  query!: FilterQueryType;

  @Field(() => FilterActionType)
  action!: FilterActionType;

  @Field()
  disabled!: boolean;

  @Field()
  created!: Date;
}

export const filterTypeFrom = (filter: FilterDocument): FilterType => {
  const { ha, ...query } = filter.query;
  return {
    id: filter._id.toHexString(),
    name: filter.name,
    query: { ...query, ...(ha !== undefined ? { hasAttachments: ha } : {}) },
    action: { ...filter.action },
    disabled: filter.disabled,
    created: filter.created,
  };
};
