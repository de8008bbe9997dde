import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenGuard } from './access-token.guard';
import { AuthenticateController } from './authenticate.controller';

@Module({
  controllers: [AuthenticateController],
  providers: [{ provide: APP_GUARD, useClass: AccessTokenGuard }],
})
export class AuthModule {}
