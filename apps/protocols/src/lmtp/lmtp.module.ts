import { Module } from '@nestjs/common';
import { DeliveryModule } from '@eider/delivery';
import { TlsModule } from '../tls/tls.module';
import { LmtpListenerService } from './lmtp-listener.service';

/** The LMTP listener: started only when config enables it. */
@Module({
  imports: [TlsModule, DeliveryModule],
  providers: [LmtpListenerService],
  exports: [LmtpListenerService],
})
export class LmtpModule {}
