import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObjectId } from 'mongodb';
import { AddressService } from '@eider/accounts';
import { MailStore } from '@eider/mailstore';
import { TargetUser, parseObjectId } from '../auth/principal';
import { userAddressView } from './address-view.mapper';
import { CreateAddressDto, UpdateAddressDto } from './address.schemas';

@ApiTags('Addresses')
@Controller('users/:user/addresses')
export class UserAddressesController {
  constructor(
    private readonly store: MailStore,
    private readonly addresses: AddressService,
  ) {}

  @Get()
  @ApiOperation({ summary: "List the user's addresses" })
  async list(@TargetUser() user: ObjectId) {
    await this.store.users.get(user);
    const documents = await this.addresses.listUserAddresses(user);
    return { success: true, results: documents.map(userAddressView) };
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Add an address to the user; the first one becomes main' })
  async create(@TargetUser() user: ObjectId, @Body() body: CreateAddressDto) {
    await this.store.users.get(user);
    const id = await this.addresses.addAddress(user, body.address, { main: body.main ?? false });
    return { success: true, id: id.toHexString() };
  }

  @Get(':address')
  @ApiOperation({ summary: 'Get one of the user’s addresses by id' })
  async get(@TargetUser() user: ObjectId, @Param('address') id: string) {
    const document = await this.addresses.getUserAddress(user, parseObjectId(id, 'address'));
    return { success: true, ...userAddressView(document) };
  }

  @Put(':address')
  @ApiOperation({ summary: 'Change an address or make it the main one' })
  async update(@TargetUser() user: ObjectId, @Param('address') id: string, @Body() body: UpdateAddressDto) {
    await this.addresses.updateUserAddress(user, parseObjectId(id, 'address'), {
      ...(body.address !== undefined ? { address: body.address } : {}),
      ...(body.main !== undefined ? { main: body.main } : {}),
    });
    return { success: true };
  }

  @Delete(':address')
  @ApiOperation({ summary: 'Delete an address; the main one only once it is the last' })
  async remove(@TargetUser() user: ObjectId, @Param('address') id: string) {
    await this.addresses.deleteUserAddress(user, parseObjectId(id, 'address'));
    return { success: true };
  }
}
