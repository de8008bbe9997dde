import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { AccessTokenService } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import type { Principal } from './principal';

const sameSecret = (presented: string, expected: string): boolean => {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Turns a presented token into a principal, for REST requests and GraphQL operations and sockets alike. */
@Injectable()
export class PrincipalResolver {
  constructor(
    private readonly tokens: AccessTokenService,
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
  ) {}

  async resolve(token: string | null): Promise<Principal | null> {
    if (!token) return null;
    const rootToken = this.config.api.rootToken;
    if (rootToken && sameSecret(token, rootToken)) return { role: 'root', user: null };
    const record = await this.tokens.verify(token);
    return record ? { role: record.role, user: record.user } : null;
  }
}
