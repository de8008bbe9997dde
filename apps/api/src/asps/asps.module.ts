import { Module } from '@nestjs/common';
import { AspsController } from './asps.controller';

@Module({ controllers: [AspsController] })
export class AspsModule {}
