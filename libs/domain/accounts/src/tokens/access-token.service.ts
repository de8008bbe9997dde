import { createHash, randomBytes } from 'node:crypto';
import type { Collection, Db, ObjectId } from 'mongodb';

/**
 * `root` reaches every user and the admin routes; `user` reads and changes one user's data;
 * `readonly` reads one user's data (or every user's, when issued without a user) and changes nothing.
 */
export type AccessRole = 'root' | 'user' | 'readonly';

export interface AccessTokenDocument {
  /** SHA-256 of the token: a leaked collection does not leak usable tokens. */
  _id: string;
  user: ObjectId | null;
  role: AccessRole;
  description: string;
  created: Date;
  expires: Date;
}

export interface IssuedToken {
  token: string;
  /** A short public handle for listing and revoking, not usable as a credential. */
  id: string;
  expires: Date;
}

export interface AccessTokenInfo {
  id: string;
  role: AccessRole;
  description: string;
  created: Date;
  expires: Date;
}

export interface IssueTokenInput {
  user: ObjectId | null;
  role: AccessRole;
  ttlSeconds: number;
  description?: string;
}

const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const publicId = (hash: string): string => hash.slice(0, 16);
const MAX_TOKEN_LENGTH = 256;

/** API access tokens: random, stored only as hashes, expiring, revocable one by one or per user. */
export class AccessTokenService {
  private readonly tokens: Collection<AccessTokenDocument>;

  constructor(db: Db) {
    this.tokens = db.collection<AccessTokenDocument>('access_tokens');
  }

  async issue(input: IssueTokenInput): Promise<IssuedToken> {
    const token = randomBytes(24).toString('hex');
    const hash = hashToken(token);
    const created = new Date();
    const expires = new Date(created.getTime() + input.ttlSeconds * 1000);
    await this.tokens.insertOne({
      _id: hash,
      user: input.user,
      role: input.role,
      description: input.description ?? '',
      created,
      expires,
    });
    return { token, id: publicId(hash), expires };
  }

  /** The live token's record, or null when it is unknown, revoked or expired. */
  async verify(token: string, now: Date = new Date()): Promise<AccessTokenDocument | null> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
    return this.tokens.findOne({ _id: hashToken(token), expires: { $gt: now } });
  }

  async revoke(token: string): Promise<boolean> {
    const result = await this.tokens.deleteOne({ _id: hashToken(token) });
    return result.deletedCount > 0;
  }

  async listForUser(user: ObjectId, now: Date = new Date()): Promise<AccessTokenInfo[]> {
    const documents = await this.tokens
      .find({ user, expires: { $gt: now } })
      .sort({ created: -1 })
      .toArray();
    return documents.map((document) => ({
      id: publicId(document._id),
      expires: document.expires,
      description: document.description,
      role: document.role,
      created: document.created,
    }));
  }

  async revokeById(user: ObjectId, id: string): Promise<boolean> {
    if (!/^[0-9a-f]{16}$/.test(id)) return false;
    const result = await this.tokens.deleteOne({ user, _id: { $regex: `^${id}` } });
    return result.deletedCount > 0;
  }

  /**
   * Ends every API session of the user (logout everywhere, password change, deletion); `except` keeps the
   * caller's own token alive when the user changes their password themselves.
   */
  async revokeAllForUser(user: ObjectId, except?: string): Promise<number> {
    const result = await this.tokens.deleteMany(
      except === undefined ? { user } : { user, _id: { $ne: hashToken(except) } },
    );
    return result.deletedCount;
  }

  /** Drops expired records; verify already ignores them, so this only reclaims space. */
  async sweepExpired(now: Date = new Date()): Promise<number> {
    const result = await this.tokens.deleteMany({ expires: { $lte: now } });
    return result.deletedCount;
  }
}
