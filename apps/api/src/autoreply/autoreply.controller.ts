import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { AutoreplyService, type AutoreplySettings } from '@eider/delivery';
import { MailStore } from '@eider/mailstore';
import { TargetUser } from '../auth/principal';
import { sanitizeAutoreplyHtml } from './autoreply-html.sanitizer';
import { UpdateAutoreplyDto, type OptionalDateInput } from './autoreply.schemas';

const dateOf = (value: OptionalDateInput): Date | null | undefined => {
  if (value === undefined) return undefined;
  return typeof value === 'string' && value !== '' ? new Date(value) : null;
};

@ApiTags('Autoreply')
@Controller('users/:user/autoreply')
export class AutoreplyController {
  constructor(
    private readonly autoreplies: AutoreplyService,
    private readonly store: MailStore,
  ) {}

  @Get()
  @ApiOperation({ summary: "Get the user's vacation responder" })
  async get(@TargetUser() user: ObjectId) {
    await this.store.users.get(user);
    const settings = await this.autoreplies.get(user);
    return {
      success: true,
      status: settings.enabled,
      name: settings.name,
      subject: settings.subject,
      text: settings.text,
      html: settings.html,
      start: settings.start?.toISOString() ?? false,
      end: settings.end?.toISOString() ?? false,
    };
  }

  @Put()
  @ApiOperation({ summary: 'Set the vacation responder; only the given fields change' })
  async update(@TargetUser() user: ObjectId, @Body() body: UpdateAutoreplyDto) {
    await this.store.users.get(user);
    const changes: Partial<AutoreplySettings> = {};
    if (body.status !== undefined) changes.enabled = body.status;
    if (body.name !== undefined) changes.name = body.name;
    if (body.subject !== undefined) changes.subject = body.subject;
    if (body.text !== undefined) changes.text = body.text;
    if (body.html !== undefined) changes.html = sanitizeAutoreplyHtml(body.html);
    const start = dateOf(body.start);
    if (start !== undefined) changes.start = start;
    const end = dateOf(body.end);
    if (end !== undefined) changes.end = end;
    await this.autoreplies.set(user, changes);
    return { success: true, id: user.toHexString() };
  }

  @Delete()
  @ApiOperation({ summary: 'Remove the vacation responder' })
  async delete(@TargetUser() user: ObjectId) {
    await this.store.users.get(user);
    await this.autoreplies.delete(user);
    return { success: true };
  }
}
