import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { UserDocument } from '@eider/mailstore';
import { Connection } from '../connection/connection.factory';
import { QuotaType } from './quota.type';

/**
 * A user. `address`, `addresses`, `mailboxes` and `mailboxCount` are resolved per field (batched), so a
 * resolver returning a user only needs `userTypeFrom(document)`.
 */
@ObjectType('User')
export class UserType {
  @Field(() => ID, { description: '24-hex user id' })
  id!: string;

  @Field()
  username!: string;

  @Field()
  name!: string;

  @Field()
  disabled!: boolean;

  @Field(() => QuotaType)
  quota!: QuotaType;

  @Field()
  created!: Date;
}

export const userTypeFrom = (user: UserDocument): UserType => ({
  id: user._id.toHexString(),
  username: user.username,
  name: user.name,
  disabled: user.disabled,
  quota: { allowed: user.quota, used: user.storageUsed },
  created: user.created,
});

@ObjectType('UserConnection')
export class UserConnection extends Connection(UserType, 'User') {}
