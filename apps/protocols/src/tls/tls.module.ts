import { Module } from '@nestjs/common';
import { TlsCredentialsService } from './tls-credentials.service';

@Module({ providers: [TlsCredentialsService], exports: [TlsCredentialsService] })
export class TlsModule {}
