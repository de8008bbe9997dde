import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType('Contact', { description: 'Someone the user recently wrote to or heard from' })
export class ContactType {
  @Field({ description: 'Display name as last seen; empty when none was given' })
  name!: string;

  @Field()
  address!: string;

  @Field({ description: 'Arrival time of the newest message naming this address' })
  lastUsed!: Date;
}

@ObjectType('ComposeLimits', { description: 'Sizes the composer must respect' })
export class ComposeLimitsType {
  @Field(() => Float, { description: 'Largest message the store accepts, in bytes' })
  maxMessageSize!: number;

  @Field(() => Float, {
    description:
      'Largest total of decoded attachment bytes one request can carry (base64 and the body limit allowing)',
  })
  maxAttachmentBytes!: number;
}
