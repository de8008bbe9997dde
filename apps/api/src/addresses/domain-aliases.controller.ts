import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AddressService } from '@eider/accounts';
import { RootOnly } from '../auth/principal';
import { pagedResponse, stringWindow } from '../users/cursor-paging';
import { domainAliasView } from './address-view.mapper';
import { AddressListQueryDto, CreateDomainAliasDto } from './address.schemas';

/** Domain aliases: mail for any address at the alias goes to the same address at the domain. */
@ApiTags('Domain aliases')
@RootOnly()
@Controller('domainaliases')
export class DomainAliasesController {
  constructor(private readonly addresses: AddressService) {}

  @Get()
  @ApiOperation({ summary: 'List domain aliases with cursor paging' })
  async list(@Query() query: AddressListQueryDto) {
    const text = query.query?.trim();
    const page = await this.addresses.pageDomainAliases({
      ...stringWindow(query),
      ...(text ? { query: text } : {}),
    });
    return pagedResponse(query, page, domainAliasView);
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Make one domain an alias of another' })
  async create(@Body() body: CreateDomainAliasDto) {
    const id = await this.addresses.addDomainAlias(body.alias, body.domain);
    return { success: true, id };
  }

  @Get('resolve/:alias')
  @ApiOperation({ summary: 'Find the id of a domain alias' })
  async resolve(@Param('alias') alias: string) {
    const document = await this.addresses.getDomainAlias(alias);
    return { success: true, id: document._id };
  }

  @Get(':alias')
  @ApiOperation({ summary: 'Get a domain alias by its id (the alias domain)' })
  async get(@Param('alias') alias: string) {
    return { success: true, ...domainAliasView(await this.addresses.getDomainAlias(alias)) };
  }

  @Delete(':alias')
  @ApiOperation({ summary: 'Delete a domain alias' })
  async remove(@Param('alias') alias: string) {
    await this.addresses.deleteDomainAlias(alias);
    return { success: true };
  }
}
