import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { MailStore, type MailboxDocument } from '@eider/mailstore';
import { parseObjectId, TargetUser } from '../auth/principal';
import { ApiError } from '../common/api-error';
import {
  CreateMailboxDto,
  GetMailboxQueryDto,
  ListMailboxesQueryDto,
  UpdateMailboxDto,
} from './mailbox.schemas';
import { mailboxView, type MailboxView } from './mailbox-view.mapper';

const refuseHidden = (hidden: boolean | undefined): void => {
  if (hidden) throw ApiError.badInput('hidden mailboxes are not supported');
};

@ApiTags('Mailboxes')
@Controller('users/:user/mailboxes')
export class MailboxesController {
  constructor(private readonly store: MailStore) {}

  @Get()
  @ApiOperation({ summary: "List the user's mailboxes, optionally with message counters" })
  async list(@TargetUser() user: ObjectId, @Query() query: ListMailboxesQueryDto) {
    const mailboxes = (await this.store.mailboxes.list(user)).filter(
      (mailbox) => !query.specialUse || mailbox.specialUse !== null,
    );
    const results = await Promise.all(
      mailboxes.map((mailbox) =>
        this.view(mailbox, query.counters || query.sizes, query.sizes || query.counters),
      ),
    );
    // INBOX first, then by path, the order folder trees show.
    results.sort(
      (a, b) => Number(b.path === 'INBOX') - Number(a.path === 'INBOX') || a.path.localeCompare(b.path),
    );
    return { success: true, results };
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Create a mailbox; 409 when the path exists' })
  async create(@TargetUser() user: ObjectId, @Body() body: CreateMailboxDto) {
    refuseHidden(body.hidden);
    const mailbox = await this.store.mailboxes.create(user, body.path);
    return { success: true, id: mailbox._id.toHexString() };
  }

  @Get(':mailbox')
  @ApiOperation({
    summary: 'Get one mailbox with counters; the id "resolve" with ?path= looks it up by path',
  })
  async get(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailboxId: string,
    @Query() query: GetMailboxQueryDto,
  ) {
    let mailbox: MailboxDocument;
    if (mailboxId === 'resolve') {
      if (!query.path) throw ApiError.badInput('path is required to resolve a mailbox');
      mailbox = await this.store.mailboxes.getByPath(user, query.path);
    } else {
      mailbox = await this.store.mailboxes.getById(user, parseObjectId(mailboxId, 'mailbox'));
    }
    return { success: true, ...(await this.view(mailbox, true, true)) };
  }

  @Put(':mailbox')
  @ApiOperation({ summary: 'Rename a mailbox (with its children) or change its subscription' })
  async update(
    @TargetUser() user: ObjectId,
    @Param('mailbox') mailboxId: string,
    @Body() body: UpdateMailboxDto,
  ) {
    refuseHidden(body.hidden);
    if (body.path === undefined && body.subscribed === undefined && body.retention === undefined) {
      throw ApiError.badInput('Nothing was changed');
    }
    let mailbox = await this.store.mailboxes.getById(user, parseObjectId(mailboxId, 'mailbox'));
    if (body.path !== undefined && body.path !== mailbox.path) {
      mailbox = await this.store.mailboxes.rename(user, mailbox.path, body.path);
    }
    if (body.subscribed !== undefined && body.subscribed !== mailbox.subscribed) {
      await this.store.mailboxes.setSubscribed(user, mailbox.path, body.subscribed);
    }
    return { success: true };
  }

  @Delete(':mailbox')
  @ApiOperation({ summary: 'Delete a mailbox and its messages; INBOX and special-use mailboxes are refused' })
  async remove(@TargetUser() user: ObjectId, @Param('mailbox') mailboxId: string) {
    const mailbox = await this.store.mailboxes.getById(user, parseObjectId(mailboxId, 'mailbox'));
    await this.store.mailboxes.delete(user, mailbox.path, { allowSpecialUse: false });
    await this.store.allocator.forgetMailbox(mailbox._id);
    return { success: true };
  }

  private async view(
    mailbox: MailboxDocument,
    withCounters: boolean,
    withSize: boolean,
  ): Promise<MailboxView> {
    const [counters, counts] = await Promise.all([
      // A mailbox deleted meanwhile still lists with the counter it was read with.
      this.store.allocator.current(mailbox._id).catch(() => ({ modseq: mailbox.modseq })),
      withCounters ? this.store.queries.counts(mailbox._id) : Promise.resolve(null),
    ]);
    return mailboxView(mailbox, counters.modseq, counts, withSize);
  }
}
