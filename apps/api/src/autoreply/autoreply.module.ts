import { Module } from '@nestjs/common';
import { AutoreplyController } from './autoreply.controller';

@Module({ controllers: [AutoreplyController] })
export class AutoreplyModule {}
