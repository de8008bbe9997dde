import type { AccessTokenService, AuthService } from '@eider/accounts';
import type { EiderConfig } from '@eider/config';
import type { UserDocument } from '@eider/mailstore';

export interface PasswordLoginRequest {
  username: string;
  password: string;
  remoteAddress: string;
  issueToken: boolean;
  readOnly: boolean;
}

export type PasswordLoginOutcome =
  | {
      ok: true;
      user: UserDocument;
      via: string;
      token: { token: string; expires: Date } | null;
    }
  | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number }
  | { ok: false; reason: 'failed' };

/**
 * One password login for REST and GraphQL: the same rate-limit budget as IMAP and POP3, and the same token
 * lifetime, so neither API is a softer way in than the other. Each edge maps the outcome to its own errors.
 */
export const loginWithPassword = async (
  services: { auth: AuthService; tokens: AccessTokenService; config: EiderConfig },
  request: PasswordLoginRequest,
): Promise<PasswordLoginOutcome> => {
  const outcome = await services.auth.authenticate({
    username: request.username,
    password: request.password,
    remoteAddress: request.remoteAddress,
    protocol: 'api',
  });
  if (!outcome.ok) {
    return outcome.reason === 'rate-limited'
      ? { ok: false, reason: 'rate-limited', retryAfterSeconds: outcome.retryAfterSeconds ?? 60 }
      : { ok: false, reason: 'failed' };
  }
  const token = request.issueToken
    ? await services.tokens.issue({
        user: outcome.user._id,
        role: request.readOnly ? 'readonly' : 'user',
        ttlSeconds: services.config.api.tokenTtlSeconds,
        description: `login via ${outcome.via}`,
      })
    : null;
  return {
    ok: true,
    user: outcome.user,
    via: outcome.via,
    token: token ? { token: token.token, expires: token.expires } : null,
  };
};
