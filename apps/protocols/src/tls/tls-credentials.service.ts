import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { PinoLogger } from 'nestjs-pino';
import { generate } from 'selfsigned';

export interface TlsCredentials {
  key: Buffer;
  cert: Buffer;
  /** True when the pair was generated here rather than supplied by the operator. */
  selfSigned: boolean;
}

/**
 * One key pair for STARTTLS and implicit TLS on every listener. In development a self-signed pair is
 * generated once and kept under dataDir, so clients that pinned it keep working across restarts.
 */
@Injectable()
export class TlsCredentialsService implements OnModuleInit {
  private credentials: TlsCredentials | undefined;
  private context: SecureContext | undefined;

  constructor(
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('tls');
  }

  async onModuleInit(): Promise<void> {
    const credentials = await this.load();
    this.credentials = credentials;
    if (credentials) this.context = createSecureContext({ key: credentials.key, cert: credentials.cert });
  }

  /** Undefined when TLS is unavailable: no files configured and self-signed generation turned off. */
  get(): TlsCredentials | undefined {
    return this.credentials;
  }

  secureContext(): SecureContext | undefined {
    return this.context;
  }

  private async load(): Promise<TlsCredentials | undefined> {
    const { keyFile, certFile, selfSigned } = this.config.tls;
    if (keyFile && certFile) {
      return { key: await readFile(keyFile), cert: await readFile(certFile), selfSigned: false };
    }
    if (!selfSigned) {
      this.logger.warn(
        'no TLS certificate configured and tls.selfSigned is off: STARTTLS and implicit TLS are disabled',
      );
      return undefined;
    }
    const dir = resolve(this.config.dataDir, 'tls');
    const keyPath = join(dir, 'self-signed.key');
    const certPath = join(dir, 'self-signed.crt');
    try {
      return { key: await readFile(keyPath), cert: await readFile(certPath), selfSigned: true };
    } catch {
      // First start: generate below.
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    // Write-then-rename so two processes starting together never read a half-written file.
    const suffix = `.${process.pid}.tmp`;
    await writeFile(keyPath + suffix, pems.private, { mode: 0o600 });
    await writeFile(certPath + suffix, pems.cert);
    await rename(keyPath + suffix, keyPath);
    await rename(certPath + suffix, certPath);
    this.logger.info({ certPath }, 'generated a self-signed TLS certificate for development');
    return { key: Buffer.from(pems.private), cert: Buffer.from(pems.cert), selfSigned: true };
  }
}
