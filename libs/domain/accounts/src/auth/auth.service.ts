import type { ObjectId } from 'mongodb';
import type { FixedWindowLimiter } from '@eider/redis';
import type { UserDocument, UserService } from '@eider/mailstore';
import { isMailStoreError } from '@eider/mailstore';
import type { AddressService } from '../addresses/address.service';
import type { CredentialService, LoginScope } from '../credentials/credential.service';

export type AuthProtocol = 'imap' | 'pop3' | 'api' | 'lmtp' | 'webmail';

export interface AuthRequest {
  /** The login name or any of the user's addresses, in any Unicode or IDN form. */
  username: string;
  password: string;
  remoteAddress: string;
  protocol: AuthProtocol;
}

export type AuthOutcome =
  | { ok: true; user: UserDocument; via: 'password' | 'app-password' }
  | { ok: false; reason: 'invalid' | 'disabled' | 'rate-limited'; retryAfterSeconds?: number };

export interface AuthLimits {
  failuresPerWindow: number;
  windowSeconds: number;
}

// Application passwords are scoped per service; the API and webmail need a `*` password or the real one.
const LOGIN_SCOPES: Record<AuthProtocol, LoginScope> = {
  imap: 'imap',
  pop3: 'pop3',
  lmtp: 'smtp',
  api: 'master',
  webmail: 'master',
};

// An address is shared by many users behind one NAT, so it gets more room than a single account.
const IP_LIMIT_FACTOR = 5;

/**
 * The one login check for IMAP, POP3, the API and webmail. Failures count per account and per client
 * address; once either is over its budget every attempt is refused, right or wrong, so guessing cannot
 * continue at full speed.
 */
export class AuthService {
  constructor(
    private readonly users: UserService,
    private readonly addresses: AddressService,
    private readonly credentials: CredentialService,
    private readonly limiter: FixedWindowLimiter,
    private readonly limits: AuthLimits,
  ) {}

  async authenticate(request: AuthRequest): Promise<AuthOutcome> {
    const login = request.username.normalize('NFC').trim().toLowerCase();
    const userKey = `auth:user:${login}`;
    const ipKey = `auth:ip:${request.remoteAddress}`;
    const { failuresPerWindow } = this.limits;
    const [userState, ipState] = await Promise.all([
      this.limiter.peek(userKey, failuresPerWindow),
      this.limiter.peek(ipKey, failuresPerWindow * IP_LIMIT_FACTOR),
    ]);
    if (!userState.allowed || !ipState.allowed) {
      return {
        ok: false,
        reason: 'rate-limited',
        retryAfterSeconds: Math.max(userState.retryAfterSeconds, ipState.retryAfterSeconds),
      };
    }

    const user = await this.findUser(login);
    const via = user
      ? await this.credentials.verify(user._id, request.password, LOGIN_SCOPES[request.protocol])
      : null;
    if (!user || !via) {
      await this.recordFailure(userKey, ipKey);
      return { ok: false, reason: 'invalid' };
    }
    // Checked only after the password, so a disabled account is not revealed to someone guessing.
    if (user.disabled) return { ok: false, reason: 'disabled' };
    await this.limiter.reset(userKey);
    return { ok: true, user, via };
  }

  private async recordFailure(userKey: string, ipKey: string): Promise<void> {
    const { failuresPerWindow, windowSeconds } = this.limits;
    await Promise.all([
      this.limiter.hit(userKey, failuresPerWindow, windowSeconds),
      this.limiter.hit(ipKey, failuresPerWindow * IP_LIMIT_FACTOR, windowSeconds),
    ]);
  }

  private async findUser(login: string): Promise<UserDocument | null> {
    let userId: ObjectId | null = null;
    if (login.includes('@')) userId = await this.addresses.findUserByAddress(login);
    try {
      return userId ? await this.users.get(userId) : await this.users.getByUsername(login);
    } catch (error) {
      if (isMailStoreError(error)) return null;
      throw error;
    }
  }
}
