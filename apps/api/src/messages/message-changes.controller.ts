import { Body, Controller, Delete, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { ApiError } from '../common/api-error';
import { TargetUser, parseObjectId } from '../auth/principal';
import {
  DeleteMessagesQueryDto,
  UpdateMessageDto,
  UpdateMessagesDto,
  uidSetSchema,
  type MoveResult,
  type UpdateResult,
} from './message-changes.schemas';
import { MessageChangesService } from './message-changes.service';

const UID = /^\d{1,10}$/;

const parseUid = (value: string): number => {
  const uid = UID.test(value) ? Number(value) : 0;
  if (uid < 1 || uid > 0xffffffff) throw ApiError.badInput('message must be a positive UID');
  return uid;
};

const parseSelector = (value: string): string => {
  const parsed = uidSetSchema.safeParse(value);
  if (!parsed.success) throw ApiError.badInput(parsed.error.issues[0]?.message ?? 'invalid message selector');
  return parsed.data;
};

@ApiTags('Messages')
@Controller('users/:user/mailboxes/:mailbox/messages')
export class MessageChangesController {
  constructor(private readonly changes: MessageChangesService) {}

  @Put()
  @ApiOperation({
    summary: 'Update flags of, or move, the messages a UID selector names',
    description:
      'Answers `{updated}` for flag changes, or `{mailbox, id: [[oldUid, newUid], ...]}` when `moveTo` is set.',
  })
  async updateMany(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailbox: string,
    @Body() body: UpdateMessagesDto,
  ): Promise<{ success: true } & (UpdateResult | MoveResult)> {
    const { message, ...changes } = body;
    return this.run(user, mailbox, message, changes);
  }

  @Put(':message')
  @ApiOperation({
    summary: 'Update flags of, or move, one message (or a UID selector in the path)',
    description:
      'Answers `{updated}` for flag changes, or `{mailbox, id: [[oldUid, newUid]]}` when `moveTo` is set.',
  })
  async updateOne(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailbox: string,
    @Param('message') message: string,
    @Body() body: UpdateMessageDto,
  ): Promise<{ success: true } & (UpdateResult | MoveResult)> {
    return this.run(user, mailbox, parseSelector(message), body);
  }

  @Delete(':message')
  @ApiOperation({ summary: 'Delete one message permanently' })
  async deleteOne(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailbox: string,
    @Param('message') message: string,
  ): Promise<{ success: true }> {
    const mailboxId = parseObjectId(mailbox, 'mailbox');
    await this.changes.deleteOne(user, mailboxId, parseUid(message));
    return { success: true };
  }

  @Delete()
  @ApiOperation({ summary: 'Delete every message of a mailbox permanently' })
  async deleteAll(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailbox: string,
    @Query() query: DeleteMessagesQueryDto,
  ): Promise<{ success: true; deleted?: number; errors?: number; scheduled?: true }> {
    const mailboxId = parseObjectId(mailbox, 'mailbox');
    return { success: true, ...(await this.changes.deleteAll(user, mailboxId, query.async ?? false)) };
  }

  private async run(
    user: ObjectId,
    mailbox: string,
    selector: string,
    body: UpdateMessageDto,
  ): Promise<{ success: true } & (UpdateResult | MoveResult)> {
    const mailboxId = parseObjectId(mailbox, 'mailbox');
    const { moveTo, ...flags } = body;
    const target = moveTo === undefined ? null : parseObjectId(moveTo.toLowerCase(), 'moveTo');
    return { success: true, ...(await this.changes.update(user, mailboxId, selector, flags, target)) };
  }
}
