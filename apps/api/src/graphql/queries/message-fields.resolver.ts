import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ObjectId } from 'mongodb';
import type { MessageDocument } from '@eider/mailstore';
import type { SanitizedHtml } from '../../messages/html-sanitizer';
import { sanitizedMessageHtml } from '../../messages/message-html';
import { messagePath } from '../../messages/message-lookup';
import { attachmentsView, type AttachmentView } from '../../messages/message-view.mapper';
import { listComplexity } from '../connection/relay-paging';
import type { GraphqlContext } from '../graphql-context';
import { GraphqlApiError } from '../graphql-errors';
import { GraphqlLoaders, messageLoaderKey } from '../loaders/request-loaders';
import { AttachmentType } from '../types/attachment.type';
import { MailboxType, mailboxTypeFrom } from '../types/mailbox.type';
import { MessageType } from '../types/message.type';

const attachmentViews = (message: MessageDocument, owner: string): AttachmentView[] =>
  attachmentsView(message.attachments, messagePath(new ObjectId(owner), message.mailbox, message.uid));

/** Fields of a Message that need more than a listing row: its mailbox, bodies and attachments. */
@Resolver(() => MessageType)
export class MessageFieldsResolver {
  // Sanitising is the costly part of `html`; `remoteImages` reuses the same result.
  private readonly sanitized = new WeakMap<MessageDocument, Map<boolean, SanitizedHtml>>();

  constructor(private readonly loaders: GraphqlLoaders) {}

  @ResolveField(() => MailboxType, { nullable: true, description: 'The mailbox holding the message' })
  async mailbox(
    @Parent() message: MessageType,
    @Context() context: GraphqlContext,
  ): Promise<MailboxType | null> {
    const mailbox = await this.loaders.for(context).mailbox.load(message.mailboxId);
    // The parent was authorised; the owner check only guards against a parent built for someone else.
    return mailbox && mailbox.user.toHexString() === message.userId ? mailboxTypeFrom(mailbox) : null;
  }

  @ResolveField(() => String, { description: 'The plain text body' })
  async text(@Parent() message: MessageType, @Context() context: GraphqlContext): Promise<string> {
    return (await this.document(message, context)).text;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The HTML body, sanitised: scripts and active content removed, `cid:` references pointing at the ' +
      'attachment download URLs, remote images removed unless `images` is true; null without an HTML body',
  })
  async html(
    @Parent() message: MessageType,
    @Context() context: GraphqlContext,
    @Args('images', { type: () => Boolean, defaultValue: false, description: 'Keep remote images' })
    images: boolean,
  ): Promise<string | null> {
    const document = await this.document(message, context);
    if (!document.html) return null;
    return this.sanitize(document, message.userId, images).html;
  }

  @ResolveField(() => Int, {
    description: 'Remote image references in the HTML (blocked unless `html(images: true)`)',
  })
  async remoteImages(@Parent() message: MessageType, @Context() context: GraphqlContext): Promise<number> {
    const document = await this.document(message, context);
    return this.sanitize(document, message.userId, false).remoteImages.count;
  }

  @ResolveField(() => [AttachmentType], { complexity: listComplexity(5) })
  async attachments(
    @Parent() message: MessageType,
    @Context() context: GraphqlContext,
  ): Promise<AttachmentType[]> {
    const document = await this.document(message, context);
    return attachmentViews(document, message.userId).map((view) => ({
      id: view.id,
      filename: view.filename,
      contentType: view.contentType,
      disposition: view.disposition,
      size: view.size,
      related: view.related,
      downloadUrl: view.url,
    }));
  }

  private async document(message: MessageType, context: GraphqlContext): Promise<MessageDocument> {
    if (message.document) return message.document;
    const document = await this.loaders
      .for(context)
      .message.load(messageLoaderKey(message.userId, message.mailboxId, message.uid));
    if (!document) throw new GraphqlApiError('NOT_FOUND', 'Message not found');
    return document;
  }

  private sanitize(document: MessageDocument, owner: string, images: boolean): SanitizedHtml {
    let byMode = this.sanitized.get(document);
    if (!byMode) {
      byMode = new Map();
      this.sanitized.set(document, byMode);
    }
    let result = byMode.get(images);
    if (!result) {
      result = sanitizedMessageHtml(document, attachmentViews(document, owner), images);
      byMode.set(images, result);
    }
    return result;
  }
}
