import { Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType('FilterQueryInput', {
  description: 'Conditions; at least one is needed, every given one must hold',
})
export class FilterQueryInput {
  @Field(() => String, { nullable: true })
  from?: string | null;

  @Field(() => String, { nullable: true })
  to?: string | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  listId?: string | null;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => Boolean, { nullable: true })
  hasAttachments?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'n: larger than n bytes; -n: smaller than n bytes' })
  size?: number | null;
}

@InputType('FilterActionInput', { description: 'Actions; at least one is needed' })
export class FilterActionInput {
  @Field(() => Boolean, { nullable: true })
  seen?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  flag?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  delete?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  spam?: boolean | null;

  @Field(() => ID, { nullable: true, description: "Id of one of the user's mailboxes" })
  mailbox?: string | null;

  @Field(() => [String], { nullable: true, description: 'At most 20 forward targets' })
  targets?: string[] | null;
}

@InputType('CreateFilterInput')
export class CreateFilterInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => FilterQueryInput)
  query!: FilterQueryInput;

  @Field(() => FilterActionInput)
  action!: FilterActionInput;

  @Field(() => Boolean, { nullable: true })
  disabled?: boolean | null;
}

@InputType('UpdateFilterInput', {
  description: 'Only given fields change; a given query or action replaces the stored one',
})
export class UpdateFilterInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => FilterQueryInput, { nullable: true })
  query?: FilterQueryInput | null;

  @Field(() => FilterActionInput, { nullable: true })
  action?: FilterActionInput | null;

  @Field(() => Boolean, { nullable: true })
  disabled?: boolean | null;
}
