import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AddressDocument } from '@eider/accounts';

@ObjectType('Address', { description: "One of a user's own addresses" })
export class AddressType {
  @Field(() => ID, { description: '24-hex address id' })
  id!: string;

  @Field()
  address!: string;

  @Field({ description: 'Whether this is the main (default sender) address' })
  main!: boolean;

  @Field()
  created!: Date;
}

export const addressTypeFrom = (document: AddressDocument): AddressType => ({
  id: document._id.toHexString(),
  address: document.address,
  main: document.main,
  created: document.created,
});
