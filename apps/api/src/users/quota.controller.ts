import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { PinoLogger } from 'nestjs-pino';
import { MailStore, isMailStoreError } from '@eider/mailstore';
import { RootOnly } from '../auth/principal';

const BATCH = 250;
const LOG_EVERY = 1000;

@ApiTags('Users')
@Controller('quota')
export class QuotaController {
  constructor(
    private readonly store: MailStore,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('quota-reset');
  }

  @RootOnly()
  @Post('reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Recount the storage used by every user; answers once all are done' })
  async resetAll() {
    let users = 0;
    let changed = 0;
    let after: ObjectId | undefined;
    this.logger.info('recounting storage for every user');
    for (;;) {
      const page = await this.store.users.page({ limit: BATCH, ...(after ? { after } : {}) });
      for (const user of page.results) {
        try {
          const result = await this.store.quota.recalculate(user._id);
          if (result.before !== result.after) changed += 1;
          users += 1;
        } catch (error) {
          // A user deleted while the sweep runs has nothing left to count.
          if (!isMailStoreError(error, 'USER_NOT_FOUND')) throw error;
        }
        if (users % LOG_EVERY === 0 && users > 0)
          this.logger.info({ users, changed }, 'quota reset progress');
      }
      if (page.next === null) break;
      after = page.next;
    }
    this.logger.info({ users, changed }, 'quota reset finished');
    return { success: true, users, changed };
  }
}
