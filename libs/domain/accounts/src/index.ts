export * from './errors/accounts.error';
export * from './addresses/address-normalizer';
export * from './addresses/address.service';
export * from './credentials/password.hasher';
export * from './credentials/credential.service';
export * from './auth/auth.service';
export * from './accounts.factory';
export * from './accounts.module';
