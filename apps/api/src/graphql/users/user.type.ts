import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Quota', { description: 'Storage use against the allowance, in bytes (allowed 0 = unlimited)' })
export class QuotaType {
  @Field(() => Number)
  allowed!: number;

  @Field(() => Number)
  used!: number;
}

@ObjectType('User')
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field()
  username!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'The main address' })
  address!: string | null;

  @Field()
  disabled!: boolean;

  @Field(() => QuotaType)
  quota!: QuotaType;

  @Field(() => Int, { description: 'Mailboxes the user has' })
  mailboxCount!: number;

  @Field()
  created!: Date;
}
