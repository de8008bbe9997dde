import { Module } from '@nestjs/common';
import { AddressesModule } from '../addresses/addresses.module';
import { AspsModule } from '../asps/asps.module';
import { UsersModule } from './users.module';

/** Users, addresses, application passwords and tokens: the account-administration half of the API. */
@Module({ imports: [UsersModule, AddressesModule, AspsModule] })
export class AccountsApiModule {}
