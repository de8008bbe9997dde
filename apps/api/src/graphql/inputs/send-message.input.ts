import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';

export enum ReferenceAction {
  REPLY = 'reply',
  REPLY_ALL = 'replyAll',
  FORWARD = 'forward',
}

registerEnumType(ReferenceAction, {
  name: 'ReferenceAction',
  description: 'How a new message relates to the message it references',
});

@InputType('MessageAddressInput')
export class MessageAddressInput {
  @Field(() => String, { nullable: true, description: 'Display name' })
  name?: string | null;

  @Field()
  address!: string;
}

@InputType('MessageHeaderInput', {
  description: 'An extra header; the composer owns From, To, Subject and the like',
})
export class MessageHeaderInput {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

@InputType('AttachmentInput', {
  description: 'An attachment given inline; its decoded size counts against the message size limit',
})
export class AttachmentInput {
  @Field(() => String, { nullable: true })
  filename?: string | null;

  @Field(() => String, { nullable: true, description: 'Media type, e.g. application/pdf' })
  contentType?: string | null;

  @Field({ description: 'The content, base64 encoded' })
  content!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Content-ID (no brackets) for an image the HTML shows as cid:',
  })
  cid?: string | null;
}

@InputType('MessageReferenceInput', { description: 'The message being answered or forwarded' })
export class MessageReferenceInput {
  @Field(() => ID, { description: 'Its id, "<mailboxId>:<uid>"' })
  id!: string;

  @Field(() => ReferenceAction)
  action!: ReferenceAction;

  @Field(() => Boolean, {
    nullable: true,
    description: "FORWARD: attach all of the referenced message's attachments",
  })
  forwardAttachments?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: 'FORWARD: attach only these of its attachments (ids such as ATT00001)',
  })
  attachmentIds?: string[] | null;
}

@InputType('SendMessageInput', {
  description:
    'A message to compose. With a reference and no recipients, a reply goes to the original sender(s)',
})
export class SendMessageInput {
  @Field(() => MessageAddressInput, {
    nullable: true,
    description: "One of the user's addresses; default: the main one",
  })
  from?: MessageAddressInput | null;

  @Field(() => MessageAddressInput, { nullable: true })
  replyTo?: MessageAddressInput | null;

  @Field(() => [MessageAddressInput], { nullable: true })
  to?: MessageAddressInput[] | null;

  @Field(() => [MessageAddressInput], { nullable: true })
  cc?: MessageAddressInput[] | null;

  @Field(() => [MessageAddressInput], { nullable: true, description: 'Kept out of the headers' })
  bcc?: MessageAddressInput[] | null;

  @Field(() => String, { nullable: true, description: "Default: the referenced message's, prefixed" })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: 'Default: derived from the HTML' })
  text?: string | null;

  @Field(() => String, { nullable: true })
  html?: string | null;

  @Field(() => [MessageHeaderInput], { nullable: true })
  headers?: MessageHeaderInput[] | null;

  @Field(() => [AttachmentInput], { nullable: true })
  attachments?: AttachmentInput[] | null;

  @Field(() => MessageReferenceInput, { nullable: true })
  reference?: MessageReferenceInput | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Keep the copy in this mailbox instead of Sent (or Drafts)',
  })
  mailboxId?: string | null;
}
