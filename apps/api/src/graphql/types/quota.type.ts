import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Quota', { description: 'Storage use against the allowance, in bytes (allowed 0 = unlimited)' })
export class QuotaType {
  @Field(() => Number)
  allowed!: number;

  @Field(() => Number)
  used!: number;
}
