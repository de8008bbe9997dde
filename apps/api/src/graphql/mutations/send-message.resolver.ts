import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { ObjectId } from 'mongodb';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { SubmissionService } from '@eider/delivery';
import { MailStore } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { SubmitSchema } from '../../submission/submission.schemas';
import { submitInputFrom } from '../../submission/submit-input.mapper';
import { GqlPrincipal } from '../graphql-context';
import { GraphqlApiError } from '../graphql-errors';
import { MessageAddressInput, SendMessageInput } from '../inputs/send-message.input';
import { MessageType, messageTypeFrom } from '../types/message.type';
import { USER_ID_ARG, parseInput, withoutNulls, writableUser } from './graphql-access';
import { parseMessageId, type MessageRef } from './message-ids';
import { strictBase64 } from './upload-content';

const address = (input: MessageAddressInput) => withoutNulls(input);

/**
 * Composing through the same submission service as REST `POST /users/:user/submit`: the GraphQL input is
 * mapped to the REST body and validated by the REST schema, so both accept exactly the same messages.
 */
@Resolver(() => MessageType)
export class SendMessageResolver {
  constructor(
    private readonly submission: SubmissionService,
    private readonly store: MailStore,
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
  ) {}

  @Mutation(() => MessageType, {
    description:
      'Compose, reply, reply-all or forward: sent through the relay, answered with the copy kept in Sent',
  })
  async sendMessage(
    @GqlPrincipal() principal: Principal,
    @Args('input') input: SendMessageInput,
    @Args('userId', USER_ID_ARG) userId?: string,
    @Args('draftId', {
      type: () => ID,
      nullable: true,
      description: 'A stored draft, "<mailboxId>:<uid>", that this message replaces: deleted once sent',
    })
    draftId?: string | null,
  ): Promise<MessageType> {
    const user = writableUser(principal, userId);
    const draft = draftId ? parseMessageId(draftId, 'draftId') : undefined;
    return this.submit(user, input, { isDraft: false, ...(draft ? { draft } : {}) });
  }

  @Mutation(() => MessageType, { description: 'Store a new draft in Drafts; nothing is sent' })
  async saveDraft(
    @GqlPrincipal() principal: Principal,
    @Args('input') input: SendMessageInput,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<MessageType> {
    const user = writableUser(principal, userId);
    return this.submit(user, input, { isDraft: true });
  }

  @Mutation(() => MessageType, {
    description: 'Replace a stored draft with a new version; the old one is deleted. Answers the new draft',
  })
  async updateDraft(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The draft, "<mailboxId>:<uid>"' }) id: string,
    @Args('input') input: SendMessageInput,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<MessageType> {
    const user = writableUser(principal, userId);
    const draft = parseMessageId(id, 'id');
    return this.submit(user, input, { isDraft: true, draft });
  }

  private async submit(
    user: ObjectId,
    input: SendMessageInput,
    mode: { isDraft: boolean; draft?: MessageRef },
  ): Promise<MessageType> {
    const limit = this.config.limits.maxMessageSize;
    let inlineBytes = 0;
    const attachments = (input.attachments ?? []).map((attachment, index) => {
      inlineBytes += strictBase64(attachment.content, `attachments.${index}.content`, limit).length;
      if (inlineBytes > limit) {
        throw new GraphqlApiError('PAYLOAD_TOO_LARGE', `attachments exceed ${limit} bytes`, { limit });
      }
      return { ...withoutNulls(attachment), encoding: 'base64' as const };
    });
    const reference = input.reference ? parseMessageId(input.reference.id, 'reference.id') : null;
    const forwarded = input.reference?.attachmentIds ?? input.reference?.forwardAttachments ?? undefined;
    const body = parseInput(SubmitSchema, {
      ...(input.from ? { from: address(input.from) } : {}),
      ...(input.replyTo ? { replyTo: address(input.replyTo) } : {}),
      ...(input.to ? { to: input.to.map(address) } : {}),
      ...(input.cc ? { cc: input.cc.map(address) } : {}),
      ...(input.bcc ? { bcc: input.bcc.map(address) } : {}),
      ...(input.subject != null ? { subject: input.subject } : {}),
      ...(input.text != null ? { text: input.text } : {}),
      ...(input.html != null ? { html: input.html } : {}),
      ...(input.headers ? { headers: input.headers } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(input.mailboxId != null ? { mailbox: input.mailboxId } : {}),
      ...(reference && input.reference
        ? {
            reference: {
              mailbox: reference.mailbox.toHexString(),
              id: reference.uid,
              action: input.reference.action,
              ...(forwarded !== undefined ? { attachments: forwarded } : {}),
            },
          }
        : {}),
      ...(mode.draft ? { draft: { mailbox: mode.draft.mailbox.toHexString(), id: mode.draft.uid } } : {}),
      isDraft: mode.isDraft,
    });
    const result = await this.submission.submit(user, submitInputFrom(body));
    const [stored] = await this.store.messages.getMany(user, [{ mailbox: result.mailbox, uid: result.id }]);
    if (!stored)
      throw new GraphqlApiError('NOT_FOUND', 'The stored copy was removed right after it was made');
    return messageTypeFrom(stored, user.toHexString());
  }
}
