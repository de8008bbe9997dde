import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { MailStore } from '@eider/mailstore';
import { CurrentPrincipal, TargetUser, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { sanitizedMessageHtml } from './message-html';
import { loadMailbox, loadMessage, messagePath, parseUid } from './message-lookup';
import { GetMessageQueryDto, ListMessagesQueryDto } from './message-read.schemas';
import { attachmentsView, flagsView, listItemView, messageHeadersView } from './message-view.mapper';
import { decodeUidCursor, encodeUidCursor, pageRequest, pageView } from './paging-cursor';

@ApiTags('Messages')
@Controller('users/:user/mailboxes/:mailbox/messages')
export class MessagesController {
  constructor(private readonly store: MailStore) {}

  @Get()
  @ApiOperation({ summary: 'List the messages of a mailbox, newest first by default, with cursor paging' })
  async list(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailboxId: string,
    @Query() query: ListMessagesQueryDto,
  ) {
    const mailbox = await loadMailbox(this.store, user, mailboxId);
    const page = await this.store.listing.listMailbox(
      mailbox._id,
      {
        ...(query.unseen !== undefined ? { unseen: query.unseen } : {}),
        ...(query.flagged !== undefined ? { flagged: query.flagged } : {}),
      },
      pageRequest(query, decodeUidCursor),
    );
    return {
      success: true,
      ...pageView(page, query.page, (item) => encodeUidCursor(item.uid)),
      specialUse: mailbox.specialUse,
      results: page.items.map(listItemView),
    };
  }

  @Get(':message')
  @ApiOperation({ summary: 'Get one message: headers, text, sanitised HTML and its attachment list' })
  async get(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailboxId: string,
    @Param('message') messageParam: string,
    @Query() query: GetMessageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const mailbox = await loadMailbox(this.store, user, mailboxId);
    const uid = parseUid(messageParam);
    const message = await loadMessage(this.store, mailbox, uid);
    const base = messagePath(user, mailbox._id, uid);
    const attachments = attachmentsView(message.attachments, base);
    const html = sanitizedMessageHtml(message, attachments, query.images);
    let flags = message.flags;
    if (query.markAsSeen && message.unseen) {
      // A GET that writes: read-only tokens may read the message but not change it.
      if (principal.role === 'readonly') throw ApiError.forbidden('This token is read-only');
      const result = await this.store.messages.setFlags(mailbox, [uid], 'add', ['\\Seen']);
      flags = result.changed[0]?.flags ?? [...flags, '\\Seen'];
    }
    const headers = messageHeadersView(message);
    return {
      success: true,
      id: message.uid,
      mailbox: mailbox._id.toHexString(),
      user: user.toHexString(),
      envelope: { from: headers.from?.address ?? '' },
      thread: message.thread.toHexString(),
      emailId: message.emailId,
      ...headers,
      subject: message.subject,
      messageId: message.msgid ?? '',
      date: (message.hdate ?? message.idate).toISOString(),
      idate: message.idate.toISOString(),
      size: message.size,
      intro: message.preview,
      ...flagsView(flags),
      flags,
      html: html.html ? [html.html] : [],
      text: message.text,
      attachments,
      remoteImages: html.remoteImages,
    };
  }
}
