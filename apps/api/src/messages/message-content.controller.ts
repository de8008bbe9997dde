import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ObjectId } from 'mongodb';
import { MailStore, openAttachmentContent } from '@eider/mailstore';
import { TargetUser } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { contentDisposition, safeContentType, safeFilename } from './attachment-download';
import { loadMailbox, loadMessage, parseUid } from './message-lookup';
import { attachmentIndex } from './message-view.mapper';

// Downloads are never rendered as a page of this origin: no sniffing, no scripts, no framing.
const DOWNLOAD_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'private, no-store',
} as const;

/** Headers set verbatim: Express would otherwise add a charset to text types it cannot know. */
const setHeaders = (response: Response, headers: Record<string, string>): void => {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
};

/** Streams a body; once bytes are out an error can only cut the connection, never become JSON. */
const send = async (response: Response, body: Readable): Promise<void> => {
  try {
    await pipeline(body, response);
  } catch (error) {
    if (!response.headersSent) throw error;
    response.destroy();
  }
};

@ApiTags('Messages')
@Controller('users/:user/mailboxes/:mailbox/messages/:message')
export class MessageContentController {
  constructor(private readonly store: MailStore) {}

  @Get('message.eml')
  @ApiProduces('message/rfc822')
  @ApiOperation({ summary: 'Download the message exactly as stored (message/rfc822)' })
  async downloadRaw(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailboxId: string,
    @Param('message') messageParam: string,
    @Res() response: Response,
  ): Promise<void> {
    const mailbox = await loadMailbox(this.store, user, mailboxId);
    const message = await loadMessage(this.store, mailbox, parseUid(messageParam));
    response.status(200);
    setHeaders(response, {
      ...DOWNLOAD_HEADERS,
      'Content-Type': 'message/rfc822',
      'Content-Length': String(message.size),
      'Content-Disposition': contentDisposition('attachment', `${message.uid}.eml`),
    });
    await send(response, this.store.messages.rebuild(message.tree));
  }

  @Get('attachments/:attachment')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download one attachment or inline part (ATT00001…), transfer-decoded' })
  async downloadAttachment(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailboxId: string,
    @Param('message') messageParam: string,
    @Param('attachment') attachmentParam: string,
    @Res() response: Response,
  ): Promise<void> {
    const index = attachmentIndex(attachmentParam);
    if (index === null) throw ApiError.badInput('attachment must look like ATT00001');
    const mailbox = await loadMailbox(this.store, user, mailboxId);
    const message = await loadMessage(this.store, mailbox, parseUid(messageParam));
    const attachment = message.attachments[index];
    const content = attachment
      ? openAttachmentContent(message.tree, attachment, this.store.messages.readExternal)
      : null;
    if (!attachment || !content)
      throw ApiError.notFound('AttachmentNotFound', 'This attachment does not exist');
    const fallback = `attachment-${index + 1}`;
    response.status(200);
    setHeaders(response, {
      ...DOWNLOAD_HEADERS,
      'Content-Type': safeContentType(attachment.contentType),
      'Content-Disposition': contentDisposition('attachment', safeFilename(attachment.filename, fallback)),
    });
    await send(response, Readable.from(content));
  }
}
