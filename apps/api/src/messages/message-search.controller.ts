import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { MailStore, type MessageSearchCriteria } from '@eider/mailstore';
import { TargetUser } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { loadMailbox } from './message-lookup';
import { SearchMessagesQueryDto } from './message-read.schemas';
import { listItemView } from './message-view.mapper';
import { decodeIdCursor, encodeIdCursor, pageRequest, pageView } from './paging-cursor';

const UNSEARCHABLE = new Set(['\\Trash', '\\Junk']);

@ApiTags('Messages')
@Controller('users/:user/search')
export class MessageSearchController {
  constructor(private readonly store: MailStore) {}

  @Get()
  @ApiOperation({
    summary: "Search the user's messages across mailboxes (text, addresses, dates, size, flags)",
  })
  async search(@TargetUser() user: ObjectId, @Query() query: SearchMessagesQueryDto) {
    if (query.minSize !== undefined && query.maxSize !== undefined && query.minSize > query.maxSize) {
      throw ApiError.badInput('minSize must not be larger than maxSize');
    }
    const text = query.q ?? query.query;
    const criteria: MessageSearchCriteria = {
      mailboxes: await this.mailboxesToSearch(user, query),
      ...(text ? { text } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.subject ? { subject: query.subject } : {}),
      ...(query.datestart ? { since: new Date(query.datestart) } : {}),
      ...(query.dateend ? { until: new Date(query.dateend) } : {}),
      ...(query.minSize !== undefined ? { minSize: query.minSize } : {}),
      ...(query.maxSize !== undefined ? { maxSize: query.maxSize } : {}),
      ...(query.attachments !== undefined ? { hasAttachments: query.attachments } : {}),
      ...(query.flagged !== undefined ? { flagged: query.flagged } : {}),
      ...(query.unseen !== undefined ? { unseen: query.unseen } : {}),
    };
    const page = await this.store.listing.search(user, criteria, pageRequest(query, decodeIdCursor));
    return {
      success: true,
      query: text ?? '',
      ...pageView(page, query.page, (item) => encodeIdCursor(item._id)),
      results: page.items.map(listItemView),
    };
  }

  /** One named mailbox (any, Trash included), or all of them; `searchable` leaves Trash and Junk out. */
  private async mailboxesToSearch(user: ObjectId, query: SearchMessagesQueryDto): Promise<ObjectId[]> {
    if (query.mailbox) return [(await loadMailbox(this.store, user, query.mailbox))._id];
    const mailboxes = await this.store.mailboxes.list(user);
    return mailboxes
      .filter((mailbox) => !(query.searchable && mailbox.specialUse && UNSEARCHABLE.has(mailbox.specialUse)))
      .map((mailbox) => mailbox._id);
  }
}
