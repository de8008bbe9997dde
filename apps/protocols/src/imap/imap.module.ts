import { Module } from '@nestjs/common';
import { TlsModule } from '../tls/tls.module';
import { ImapListenerService } from './imap-listener.service';

/** The IMAP listeners: started only when config enables them. */
@Module({ imports: [TlsModule], providers: [ImapListenerService] })
export class ImapModule {}
