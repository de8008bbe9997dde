import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { MailStore } from '@eider/mailstore';
import { TargetUser } from '../auth/principal';
import { SearchMessagesQueryDto } from './message-read.schemas';
import { checkSearchTerms, mailboxesToSearch, searchCriteria } from './message-search.criteria';
import { listItemView } from './message-view.mapper';
import { decodeIdCursor, encodeIdCursor, pageRequest, pageView } from './paging-cursor';

@ApiTags('Messages')
@Controller('users/:user/search')
export class MessageSearchController {
  constructor(private readonly store: MailStore) {}

  @Get()
  @ApiOperation({
    summary: "Search the user's messages across mailboxes (text, addresses, dates, size, flags)",
  })
  async search(@TargetUser() user: ObjectId, @Query() query: SearchMessagesQueryDto) {
    const text = query.q ?? query.query;
    const terms = { ...query, text };
    checkSearchTerms(terms);
    const mailboxes = await mailboxesToSearch(this.store, user, query.mailbox, query.searchable);
    const criteria = searchCriteria(mailboxes, terms);
    const page = await this.store.listing.search(user, criteria, pageRequest(query, decodeIdCursor));
    return {
      success: true,
      query: text ?? '',
      ...pageView(page, query.page, (item) => encodeIdCursor(item._id)),
      results: page.items.map(listItemView),
    };
  }
}
