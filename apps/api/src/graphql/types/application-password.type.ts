import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AppPasswordInfo } from '@eider/accounts';

@ObjectType('ApplicationPassword', {
  description: 'A password for one or more mail services; never shown again',
})
export class ApplicationPasswordType {
  @Field(() => ID, { description: '24-hex id' })
  id!: string;

  @Field()
  description!: string;

  @Field(() => [String], { description: 'Services it may log into: imap, pop3, smtp, or * for all' })
  scopes!: string[];

  @Field(() => Date, { nullable: true, description: 'Last successful login with it' })
  lastUsed!: Date | null;

  @Field()
  created!: Date;
}

@ObjectType('CreatedApplicationPassword')
export class CreatedApplicationPasswordType {
  @Field(() => ApplicationPasswordType)
  applicationPassword!: ApplicationPasswordType;

  @Field({ description: 'The generated password; shown only in this answer' })
  password!: string;
}

export const applicationPasswordTypeFrom = (info: AppPasswordInfo): ApplicationPasswordType => ({
  id: info.id,
  description: info.description,
  scopes: [...info.scopes],
  lastUsed: info.lastUsed,
  created: info.created,
});
