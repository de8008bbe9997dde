import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { SubmissionService } from '@eider/delivery';
import { TargetUser } from '../auth/principal';
import { SubmitDto } from './submission.schemas';
import { submitInputFrom } from './submit-input.mapper';

@ApiTags('Submission')
@Controller('users/:user/submit')
export class SubmissionController {
  constructor(private readonly submission: SubmissionService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Compose a message, send it through the relay and keep a copy in Sent (or store a draft)',
    description:
      'Errors: 400 InputValidationError (bad input, From not owned), 403 RecipientLimitExceeded, ' +
      '404 for unknown mailboxes or messages, 502 SubmissionFailed (relay refused), ' +
      '503 SubmissionFailed (no relay configured), 507 OverQuotaError. Nothing is sent or stored on error.',
  })
  async submit(@TargetUser() user: ObjectId, @Body() body: SubmitDto) {
    const result = await this.submission.submit(user, submitInputFrom(body));
    return {
      success: true,
      message: {
        id: result.id,
        mailbox: result.mailbox.toHexString(),
        size: result.size,
        messageId: result.messageId,
        queueId: result.queueId ?? false,
      },
      ...(result.queueId ? { queueId: result.queueId } : {}),
    };
  }
}
