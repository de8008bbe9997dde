import { Module } from '@nestjs/common';
import { AddressesController } from './addresses.controller';
import { DomainAliasesController } from './domain-aliases.controller';
import { UserAddressesController } from './user-addresses.controller';

@Module({ controllers: [UserAddressesController, AddressesController, DomainAliasesController] })
export class AddressesModule {}
