import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AddressService } from '@eider/accounts';
import { ApiError } from '../common/api-error';
import { RootOnly, parseObjectId } from '../auth/principal';
import { objectIdWindow, pagedResponse } from '../users/cursor-paging';
import { addressListItem, forwardedView } from './address-view.mapper';
import { AddressListQueryDto, CreateForwardedDto, UpdateForwardedDto } from './address.schemas';

/** Addresses across all users: listing, resolution and forwarded addresses (root only). */
@ApiTags('Addresses')
@RootOnly()
@Controller('addresses')
export class AddressesController {
  constructor(private readonly addresses: AddressService) {}

  @Get()
  @ApiOperation({ summary: 'List every address, matching a substring, with cursor paging' })
  async list(@Query() query: AddressListQueryDto) {
    const text = query.query?.trim();
    const page = await this.addresses.page({ ...objectIdWindow(query), ...(text ? { query: text } : {}) });
    return pagedResponse(query, page, addressListItem);
  }

  @Get('resolve/:address')
  @ApiOperation({
    summary: 'Resolve an address as delivery would: +tags, domain aliases, catch-alls, forwards',
  })
  async resolve(@Param('address') address: string) {
    const resolution = await this.addresses.resolve(address);
    switch (resolution.kind) {
      case 'invalid':
        throw ApiError.badInput(`${address} is not a valid address`);
      case 'unknown':
        throw ApiError.notFound('AddressNotFound', 'Unknown address');
      case 'user': {
        const document = await this.addresses.findByAddress(resolution.address);
        return {
          success: true,
          id: document?._id.toHexString() ?? null,
          address: resolution.address,
          user: resolution.userId.toHexString(),
          ...(resolution.tag !== null ? { tag: resolution.tag } : {}),
        };
      }
      case 'forward': {
        const document = await this.addresses.findByAddress(resolution.address);
        return {
          success: true,
          id: document?._id.toHexString() ?? null,
          address: resolution.address,
          targets: resolution.targets,
        };
      }
    }
  }

  @Post('forwarded')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Create an address that only forwards to its targets' })
  async createForwarded(@Body() body: CreateForwardedDto) {
    const id = await this.addresses.addForwardedAddress(body.address, body.targets);
    return { success: true, id: id.toHexString() };
  }

  @Get('forwarded/:id')
  @ApiOperation({ summary: 'Get a forwarded address' })
  async getForwarded(@Param('id') id: string) {
    return forwardedView(await this.addresses.getForwarded(parseObjectId(id, 'id')));
  }

  @Put('forwarded/:id')
  @ApiOperation({ summary: 'Change a forwarded address or its targets' })
  async updateForwarded(@Param('id') id: string, @Body() body: UpdateForwardedDto) {
    await this.addresses.updateForwarded(parseObjectId(id, 'id'), {
      ...(body.address !== undefined ? { address: body.address } : {}),
      ...(body.targets !== undefined ? { targets: body.targets } : {}),
    });
    return { success: true };
  }

  @Delete('forwarded/:id')
  @ApiOperation({ summary: 'Delete a forwarded address' })
  async deleteForwarded(@Param('id') id: string) {
    await this.addresses.deleteForwarded(parseObjectId(id, 'id'));
    return { success: true };
  }
}
