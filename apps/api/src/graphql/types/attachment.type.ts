import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Attachment')
export class AttachmentType {
  @Field({ description: 'Attachment id within its message (ATT00001 upwards)' })
  id!: string;

  @Field()
  filename!: string;

  @Field()
  contentType!: string;

  @Field({ description: 'attachment or inline' })
  disposition!: string;

  @Field(() => Int, { description: 'Decoded size in bytes' })
  size!: number;

  @Field({ description: 'Inline resource referenced from the HTML body' })
  related!: boolean;

  @Field({ description: 'REST path that downloads the attachment with the same access token' })
  downloadUrl!: string;
}
