import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenGuard } from './access-token.guard';
import { AuthenticateController } from './authenticate.controller';
import { PrincipalResolver } from './principal.resolver';

@Global()
@Module({
  controllers: [AuthenticateController],
  providers: [PrincipalResolver, { provide: APP_GUARD, useClass: AccessTokenGuard }],
  exports: [PrincipalResolver],
})
export class AuthModule {}
