import { Field, InputType } from '@nestjs/graphql';

@InputType('AutoreplyInput', { description: 'Only the given fields change; start or end null clears it' })
export class AutoreplyInput {
  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => String, { nullable: true, description: 'One line' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'One line; empty: "Auto: " plus the original subject' })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'Sanitised on save' })
  html?: string | null;

  @Field(() => Date, { nullable: true })
  start?: Date | null;

  @Field(() => Date, { nullable: true })
  end?: Date | null;
}
