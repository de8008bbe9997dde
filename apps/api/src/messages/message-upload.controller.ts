import { Body, Controller, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { MailStore } from '@eider/mailstore';
import { ApiError } from '../common/api-error';
import { TargetUser, parseObjectId, type AuthenticatedRequest } from '../auth/principal';
import {
  UploadMessageDto,
  UploadMessageQueryDto,
  UploadMessageSchema,
  rawBytes,
  uploadDateOf,
  uploadFlagsOf,
  type UploadOptions,
} from './message-upload.schemas';

interface UploadResponse {
  success: true;
  message: { id: number; mailbox: string; size: number };
}

@ApiTags('Messages')
@Controller('users/:user/mailboxes/:mailbox/messages')
export class MessageUploadController {
  constructor(private readonly store: MailStore) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Upload a raw message into a mailbox',
    description:
      'Send the message as the body with `Content-Type: message/rfc822` (options in the query string), ' +
      'or as JSON `{raw, unseen, flagged, draft, date, flags}`. It is stored byte for byte.',
  })
  @ApiConsumes('application/json', 'message/rfc822')
  @ApiBody({ type: UploadMessageDto })
  async upload(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailbox: string,
    @Query() query: UploadMessageQueryDto,
    // Validated here, not by the global pipe: the body is either JSON or raw bytes.
    @Body() body: unknown,
    @Req() request: AuthenticatedRequest,
  ): Promise<UploadResponse> {
    const mailboxId = parseObjectId(mailbox, 'mailbox');
    const { bytes, options } = this.readUpload(request, body, query);
    if (bytes.length === 0) throw ApiError.badInput('The message is empty');
    const target = await this.store.mailboxes.getById(user, mailboxId);
    const idate = uploadDateOf(options);
    const stored = await this.store.ingest.add(target, bytes, {
      flags: uploadFlagsOf(options),
      expectedSize: bytes.length,
      ...(idate ? { idate } : {}),
    });
    return {
      success: true,
      message: { id: stored.uid, mailbox: target._id.toHexString(), size: stored.size },
    };
  }

  private readUpload(
    request: AuthenticatedRequest,
    body: unknown,
    query: UploadOptions,
  ): { bytes: Buffer; options: UploadOptions } {
    if (Buffer.isBuffer(body)) return { bytes: body, options: query };
    if (request.is('message/rfc822')) return { bytes: Buffer.alloc(0), options: query };
    if (!request.is('application/json')) {
      throw new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UnsupportedMediaType',
        'Send application/json or message/rfc822',
      );
    }
    const parsed = UploadMessageSchema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
      throw ApiError.badInput(
        issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        issues,
      );
    }
    const { raw, ...options } = parsed.data;
    return { bytes: rawBytes(raw), options };
  }
}
