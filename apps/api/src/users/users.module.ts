import { Module } from '@nestjs/common';
import { QuotaController } from './quota.controller';
import { UserTokensController } from './user-tokens.controller';
import { UsersController } from './users.controller';

@Module({ controllers: [UsersController, UserTokensController, QuotaController] })
export class UsersModule {}
