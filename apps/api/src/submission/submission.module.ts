import { Module } from '@nestjs/common';
import { AddressService, UserLimitsService } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { Delivery, SubmissionService } from '@eider/delivery';
import { MailStore } from '@eider/mailstore';
import { SubmissionController } from './submission.controller';

@Module({
  controllers: [SubmissionController],
  providers: [
    {
      provide: SubmissionService,
      inject: [MailStore, AddressService, UserLimitsService, Delivery, EIDER_CONFIG],
      useFactory: (
        store: MailStore,
        addresses: AddressService,
        limits: UserLimitsService,
        delivery: Delivery,
        config: EiderConfig,
      ) =>
        new SubmissionService(store, addresses, limits, delivery.sender, {
          maxMessageSize: config.limits.maxMessageSize,
        }),
    },
  ],
  exports: [SubmissionService],
})
export class SubmissionModule {}
