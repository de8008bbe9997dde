import { randomBytes } from 'node:crypto';
import { ObjectId, type Collection, type Db } from 'mongodb';
import { MailStoreError } from '@eider/mailstore';
import { AccountsError } from '../errors/accounts.error';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  decoyVerify,
  hashPassword,
  verifyPassword,
} from './password.hasher';

/** Password hashes live beside the user document, never in it, so no user listing can leak them. */
interface CredentialDocument {
  _id: ObjectId;
  passwordHash: string;
  updated: Date;
}

/** What an application password may log into; `*` is everything, including API logins. */
export type AppPasswordScope = 'imap' | 'pop3' | 'smtp' | '*';
export const APP_PASSWORD_SCOPES: readonly AppPasswordScope[] = ['imap', 'pop3', 'smtp', '*'];

/** The service a login is for: one of the narrow scopes, or `master` for the API and webmail. */
export type LoginScope = Exclude<AppPasswordScope, '*'> | 'master';

interface AppPasswordDocument {
  _id: ObjectId;
  user: ObjectId;
  hash: string;
  description: string;
  /** Absent on passwords made before scopes existed, which could log in anywhere. */
  scopes?: AppPasswordScope[];
  created: Date;
  lastUsed: Date | null;
}

export interface AppPasswordInfo {
  id: string;
  description: string;
  scopes: AppPasswordScope[];
  created: Date;
  lastUsed: Date | null;
}

export type CredentialMatch = 'password' | 'app-password' | null;

const scopesOf = (document: AppPasswordDocument): AppPasswordScope[] => document.scopes ?? ['*'];

const allows = (scopes: AppPasswordScope[], scope: LoginScope): boolean =>
  scopes.includes('*') || (scope !== 'master' && scopes.includes(scope));

const infoOf = (document: AppPasswordDocument): AppPasswordInfo => ({
  id: document._id.toHexString(),
  description: document.description,
  scopes: scopesOf(document),
  created: document.created,
  lastUsed: document.lastUsed,
});

// Application passwords are generated, 16 lowercase letters like other providers show them, so users
// can type them on a phone; 16 letters carry about 75 bits.
const APP_PASSWORD_LENGTH = 16;
const APP_PASSWORD_ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

const generateAppPassword = (): string => {
  const bytes = randomBytes(APP_PASSWORD_LENGTH * 2);
  let password = '';
  for (const byte of bytes) {
    // Rejection sampling keeps every letter equally likely.
    if (byte >= 26 * 9) continue;
    password += APP_PASSWORD_ALPHABET[byte % 26];
    if (password.length === APP_PASSWORD_LENGTH) break;
  }
  return password.length === APP_PASSWORD_LENGTH ? password : generateAppPassword();
};

export class CredentialService {
  private readonly credentials: Collection<CredentialDocument>;
  private readonly appPasswords: Collection<AppPasswordDocument>;
  private readonly users: Collection<{ _id: ObjectId }>;

  constructor(db: Db) {
    this.credentials = db.collection<CredentialDocument>('credentials');
    this.appPasswords = db.collection<AppPasswordDocument>('app_passwords');
    this.users = db.collection<{ _id: ObjectId }>('users');
  }

  async setPassword(userId: ObjectId, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      throw new AccountsError(
        'WEAK_PASSWORD',
        `passwords must be ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters long`,
      );
    }
    await this.requireUser(userId);
    const passwordHash = await hashPassword(password);
    await this.credentials.replaceOne(
      { _id: userId },
      { passwordHash, updated: new Date() },
      { upsert: true },
    );
  }

  async hasPassword(userId: ObjectId): Promise<boolean> {
    return (await this.credentials.countDocuments({ _id: userId }, { limit: 1 })) > 0;
  }

  /**
   * Which credential the password matches, if any; app passwords are tried after the main password, and
   * only those whose scopes cover `scope` count, so an IMAP-only password fails a POP3 login.
   */
  async verify(userId: ObjectId, password: string, scope: LoginScope = 'master'): Promise<CredentialMatch> {
    const credential = await this.credentials.findOne({ _id: userId });
    if (credential && (await verifyPassword(credential.passwordHash, password))) return 'password';
    // App passwords are generated lowercase letters; a typed one may carry spaces or capitals.
    const candidate = password.replace(/\s+/g, '').toLowerCase();
    if (candidate.length === APP_PASSWORD_LENGTH) {
      const apps = await this.appPasswords.find({ user: userId }).toArray();
      for (const app of apps.filter((each) => allows(scopesOf(each), scope))) {
        if (await verifyPassword(app.hash, candidate)) {
          await this.appPasswords.updateOne({ _id: app._id }, { $set: { lastUsed: new Date() } });
          return 'app-password';
        }
      }
    }
    if (!credential) await decoyVerify(password);
    return null;
  }

  async createAppPassword(
    userId: ObjectId,
    description: string,
    scopes: readonly AppPasswordScope[] = ['*'],
  ): Promise<{ id: string; password: string; scopes: AppPasswordScope[] }> {
    await this.requireUser(userId);
    const unique = [...new Set(scopes)].filter((scope) => APP_PASSWORD_SCOPES.includes(scope));
    // `*` already covers the rest; keeping only it makes the stored scopes say what they mean.
    const stored: AppPasswordScope[] = unique.length === 0 || unique.includes('*') ? ['*'] : unique;
    const password = generateAppPassword();
    const document: AppPasswordDocument = {
      _id: new ObjectId(),
      user: userId,
      hash: await hashPassword(password),
      description: description.trim().slice(0, 200),
      scopes: stored,
      created: new Date(),
      lastUsed: null,
    };
    await this.appPasswords.insertOne(document);
    return { id: document._id.toHexString(), password, scopes: stored };
  }

  async listAppPasswords(userId: ObjectId): Promise<AppPasswordInfo[]> {
    const documents = await this.appPasswords.find({ user: userId }).sort({ created: 1 }).toArray();
    return documents.map(infoOf);
  }

  /** One of the user's application passwords; another user's id is reported as missing. */
  async getAppPassword(userId: ObjectId, id: string): Promise<AppPasswordInfo> {
    const document = ObjectId.isValid(id)
      ? await this.appPasswords.findOne({ _id: new ObjectId(id), user: userId })
      : null;
    if (!document) throw new AccountsError('APP_PASSWORD_NOT_FOUND', 'no such application password');
    return infoOf(document);
  }

  async deleteAppPassword(userId: ObjectId, id: string): Promise<void> {
    const result = ObjectId.isValid(id)
      ? await this.appPasswords.deleteOne({ _id: new ObjectId(id), user: userId })
      : { deletedCount: 0 };
    if (result.deletedCount === 0)
      throw new AccountsError('APP_PASSWORD_NOT_FOUND', 'no such application password');
  }

  /** Drops every credential of a deleted user. */
  async deleteAllForUser(userId: ObjectId): Promise<void> {
    await this.credentials.deleteOne({ _id: userId });
    await this.appPasswords.deleteMany({ user: userId });
  }

  private async requireUser(userId: ObjectId): Promise<void> {
    if (!(await this.users.findOne({ _id: userId }, { projection: { _id: 1 } }))) {
      throw new MailStoreError('USER_NOT_FOUND', 'user does not exist');
    }
  }
}
