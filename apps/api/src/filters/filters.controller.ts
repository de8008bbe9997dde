import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { UserLimitsService } from '@eider/accounts';
import { FilterService, type FilterAction } from '@eider/delivery';
import { MailStore } from '@eider/mailstore';
import { parseObjectId, RootOnly, TargetUser } from '../auth/principal';
import { filterView } from './filter-view.mapper';
import { CreateFilterDto, ListAllFiltersQueryDto, UpdateFilterDto } from './filter.schemas';

@ApiTags('Filters')
@Controller()
export class FiltersController {
  constructor(
    private readonly filters: FilterService,
    private readonly store: MailStore,
    private readonly limits: UserLimitsService,
  ) {}

  @Get('filters')
  @RootOnly()
  @ApiOperation({ summary: "List every user's filters, newest first (root only)" })
  async listAll(@Query() query: ListAllFiltersQueryDto) {
    const { total, results } = await this.filters.listAll({
      skip: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    return { success: true, total, page: query.page, results: results.map(filterView) };
  }

  @Get('users/:user/filters')
  @ApiOperation({ summary: "List a user's filters in evaluation order" })
  async list(@TargetUser() user: ObjectId) {
    const account = await this.store.users.get(user);
    const [results, usage] = await Promise.all([this.filters.list(user), this.limits.usage(account)]);
    return {
      success: true,
      limits: { allowedForwards: usage.forwards.allowed, forwardsSent: usage.forwards.used },
      results: results.map(filterView),
    };
  }

  @Post('users/:user/filters')
  // WildDuck answers every success with 200, and clients check for it.
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Create a filter' })
  async create(@TargetUser() user: ObjectId, @Body() body: CreateFilterDto) {
    await this.store.users.get(user);
    await this.assertOwnMailbox(user, body.action);
    const filter = await this.filters.create(user, body);
    return { success: true, id: filter._id.toHexString() };
  }

  @Get('users/:user/filters/:filter')
  @ApiOperation({ summary: 'Get one filter' })
  async get(@TargetUser() user: ObjectId, @Param('filter') id: string) {
    const filter = await this.filters.get(user, parseObjectId(id, 'filter'));
    return { success: true, ...filterView(filter) };
  }

  @Put('users/:user/filters/:filter')
  @ApiOperation({ summary: 'Update a filter; a given query or action replaces the stored one' })
  async update(@TargetUser() user: ObjectId, @Param('filter') id: string, @Body() body: UpdateFilterDto) {
    const filterId = parseObjectId(id, 'filter');
    if (body.action) await this.assertOwnMailbox(user, body.action);
    await this.filters.update(user, filterId, body);
    return { success: true };
  }

  @Delete('users/:user/filters/:filter')
  @ApiOperation({ summary: 'Delete a filter' })
  async delete(@TargetUser() user: ObjectId, @Param('filter') id: string) {
    await this.filters.delete(user, parseObjectId(id, 'filter'));
    return { success: true };
  }

  /** A filter may only file into the user's own mailboxes; another user's mailbox id is a 404. */
  private async assertOwnMailbox(user: ObjectId, action: FilterAction): Promise<void> {
    if (action.mailbox === undefined) return;
    await this.store.mailboxes.getById(user, parseObjectId(action.mailbox, 'action.mailbox'));
  }
}
