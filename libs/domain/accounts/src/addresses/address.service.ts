import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import { pageById, type IdPage, type IdPageRequest } from '@eider/mailstore';
import { isDuplicateKeyError } from '@eider/mongo';
import { AccountsError } from '../errors/accounts.error';
import { normalizeAddress, normalizeDomain, splitSubaddress } from './address-normalizer';

/**
 * `user` addresses deliver to a user; `forward` addresses only forward; `catchall` entries are stored as
 * `*@domain` and take whatever the domain's exact addresses do not.
 */
export type AddressKind = 'user' | 'forward' | 'catchall';

export interface AddressDocument {
  _id: ObjectId;
  /** Canonical form from normalizeAddress (or `*@domain`); unique. */
  address: string;
  kind: AddressKind;
  user: ObjectId | null;
  main: boolean;
  targets: string[];
  created: Date;
}

export interface DomainAliasDocument {
  /** The alias domain, canonical Unicode form. */
  _id: string;
  domain: string;
  created: Date;
}

export type RecipientResolution =
  | { kind: 'user'; userId: ObjectId; address: string; tag: string | null }
  | { kind: 'forward'; address: string; targets: string[] }
  | { kind: 'unknown' }
  | { kind: 'invalid' };

// An alias may point at another alias; two hops cover every sane setup and stop accidental cycles.
const MAX_ALIAS_HOPS = 2;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const notFound = (what = 'address'): AccountsError =>
  new AccountsError('ADDRESS_NOT_FOUND', `no such ${what}`);

const canonical = (address: string): string => {
  const normalized = normalizeAddress(address);
  // `*` as a whole local part is reserved for catch-alls (addCatchAll).
  if (!normalized || normalized.local === '*')
    throw new AccountsError('INVALID_ADDRESS', `${address} is not a valid address`);
  return normalized.address;
};

const canonicalDomain = (domain: string): string => {
  const normalized = normalizeDomain(domain.replace(/^\*@/, ''));
  if (!normalized) throw new AccountsError('INVALID_ADDRESS', `${domain} is not a valid domain`);
  return normalized.unicode;
};

/** Forward targets are addresses or http(s)/smtp(s) URLs; anything else is refused up front. */
const checkTarget = (target: string): string => {
  if (/^(https?|smtps?):\/\//i.test(target)) {
    try {
      return new URL(target).toString();
    } catch {
      throw new AccountsError('INVALID_ADDRESS', `${target} is not a valid URL`);
    }
  }
  return canonical(target);
};

export class AddressService {
  private readonly addresses: Collection<AddressDocument>;
  private readonly domainAliases: Collection<DomainAliasDocument>;

  constructor(db: Db) {
    this.addresses = db.collection<AddressDocument>('addresses');
    this.domainAliases = db.collection<DomainAliasDocument>('domain_aliases');
  }

  /** Adds a user address; the user's first address becomes main whatever `main` says. */
  async addAddress(userId: ObjectId, address: string, options: { main?: boolean } = {}): Promise<ObjectId> {
    const normalized = canonical(address);
    const first = !(await this.addresses.findOne({ user: userId, kind: 'user' }));
    const main = first || options.main === true;
    const id = await this.insert({
      address: normalized,
      kind: 'user',
      user: userId,
      main: first,
      targets: [],
    });
    if (main && !first) await this.setMain(userId, id);
    return id;
  }

  async addForwardedAddress(address: string, targets: string[]): Promise<ObjectId> {
    if (targets.length === 0) throw new AccountsError('INVALID_ADDRESS', 'a forwarded address needs targets');
    return this.insert({
      address: canonical(address),
      kind: 'forward',
      user: null,
      main: false,
      targets: targets.map(checkTarget),
    });
  }

  async addCatchAll(domain: string, userId: ObjectId): Promise<ObjectId> {
    return this.insert({
      address: `*@${canonicalDomain(domain)}`,
      kind: 'catchall',
      user: userId,
      main: false,
      targets: [],
    });
  }

  /** Returns the alias domain, which is also its id. */
  async addDomainAlias(alias: string, domain: string): Promise<string> {
    const aliasDomain = canonicalDomain(alias);
    const target = canonicalDomain(domain);
    if (aliasDomain === target) throw new AccountsError('INVALID_ADDRESS', 'a domain cannot alias itself');
    try {
      await this.domainAliases.insertOne({ _id: aliasDomain, domain: target, created: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new AccountsError('ADDRESS_EXISTS', `${aliasDomain} is already an alias`);
      throw error;
    }
    return aliasDomain;
  }

  async deleteAddress(address: string): Promise<void> {
    const key = address.startsWith('*@') ? `*@${canonicalDomain(address)}` : canonical(address);
    const result = await this.addresses.deleteOne({ address: key });
    if (result.deletedCount === 0) throw new AccountsError('ADDRESS_NOT_FOUND', `${address} does not exist`);
  }

  async listForUser(userId: ObjectId): Promise<{ address: string; main: boolean }[]> {
    const documents = await this.addresses
      .find({ user: userId, kind: 'user' })
      .sort({ created: 1 })
      .toArray();
    return documents.map((document) => ({ address: document.address, main: document.main }));
  }

  async mainAddress(userId: ObjectId): Promise<string | null> {
    const documents = await this.addresses.find({ user: userId, kind: 'user' }).toArray();
    return (documents.find((document) => document.main) ?? documents[0])?.address ?? null;
  }

  /** The user owning exactly this address (no subaddress or catch-all): what a login by address means. */
  async findUserByAddress(address: string): Promise<ObjectId | null> {
    const normalized = normalizeAddress(address);
    if (!normalized) return null;
    const document = await this.addresses.findOne({ address: normalized.address, kind: 'user' });
    return document?.user ?? null;
  }

  async deleteAllForUser(userId: ObjectId): Promise<void> {
    await this.addresses.deleteMany({ user: userId });
  }

  /**
   * Where mail for `recipient` goes. Exact addresses win over `+tag` stripping, both are tried on the
   * domain and then on whatever it aliases, and catch-alls come last.
   */
  async resolve(recipient: string): Promise<RecipientResolution> {
    const normalized = normalizeAddress(recipient);
    if (!normalized) return { kind: 'invalid' };
    const { base, tag } = splitSubaddress(normalized.local);
    const domains = await this.aliasChain(normalized.domain);
    const candidates: { address: string; tag: string | null }[] = [];
    for (const domain of domains) {
      candidates.push({ address: `${normalized.local}@${domain}`, tag: null });
      if (tag !== null) candidates.push({ address: `${base}@${domain}`, tag });
    }
    for (const domain of domains) candidates.push({ address: `*@${domain}`, tag: null });

    const found = await this.addresses
      .find({ address: { $in: candidates.map((candidate) => candidate.address) } })
      .toArray();
    const byAddress = new Map(found.map((document) => [document.address, document]));
    for (const candidate of candidates) {
      const document = byAddress.get(candidate.address);
      if (!document) continue;
      if (document.kind === 'forward')
        return { kind: 'forward', address: document.address, targets: document.targets };
      if (document.user) {
        return { kind: 'user', userId: document.user, address: document.address, tag: candidate.tag };
      }
    }
    return { kind: 'unknown' };
  }

  /** The user's own addresses, oldest first. */
  async listUserAddresses(userId: ObjectId): Promise<AddressDocument[]> {
    return this.addresses.find({ user: userId, kind: 'user' }).sort({ created: 1, _id: 1 }).toArray();
  }

  /** One of the user's addresses; another user's id is reported as missing. */
  async getUserAddress(userId: ObjectId, id: ObjectId): Promise<AddressDocument> {
    const document = await this.addresses.findOne({ _id: id, user: userId, kind: 'user' });
    if (!document) throw notFound();
    return document;
  }

  /** Renames the address and/or makes it main; a main address stops being main only when another takes over. */
  async updateUserAddress(
    userId: ObjectId,
    id: ObjectId,
    changes: { address?: string; main?: boolean },
  ): Promise<AddressDocument> {
    const current = await this.getUserAddress(userId, id);
    if (changes.address !== undefined) {
      const address = canonical(changes.address);
      if (address !== current.address) {
        try {
          await this.addresses.updateOne({ _id: id, user: userId }, { $set: { address } });
        } catch (error) {
          if (isDuplicateKeyError(error))
            throw new AccountsError('ADDRESS_EXISTS', `${address} is already in use`);
          throw error;
        }
      }
    }
    if (changes.main === true && !current.main) await this.setMain(userId, id);
    return this.getUserAddress(userId, id);
  }

  async deleteUserAddress(userId: ObjectId, id: ObjectId): Promise<void> {
    const current = await this.getUserAddress(userId, id);
    if (current.main && (await this.addresses.countDocuments({ user: userId, kind: 'user' })) > 1) {
      throw new AccountsError(
        'INVALID_ADDRESS',
        'the main address cannot be deleted while the user has others; make another one main first',
      );
    }
    const result = await this.addresses.deleteOne({ _id: id, user: userId, kind: 'user' });
    if (result.deletedCount === 0) throw notFound();
  }

  /** The main address of each user, for listings. */
  async mainAddresses(userIds: ObjectId[]): Promise<Map<string, string>> {
    const documents = await this.addresses
      .find({ user: { $in: userIds }, kind: 'user' })
      .sort({ created: 1, _id: 1 })
      .toArray();
    const result = new Map<string, string>();
    for (const document of documents) {
      const key = document.user?.toHexString();
      if (key && (document.main || !result.has(key))) result.set(key, document.address);
    }
    return result;
  }

  /** Users owning an address that contains `query`, for user search. */
  async userIdsMatching(query: string, limit = 1000): Promise<ObjectId[]> {
    const documents = await this.addresses
      .find({ kind: 'user', address: { $regex: escapeRegex(query.normalize('NFC').toLowerCase()) } })
      .project<{ user: ObjectId | null }>({ user: 1 })
      .limit(limit)
      .toArray();
    return documents.flatMap((document) => (document.user ? [document.user] : []));
  }

  /** The stored entry for exactly this address (already canonical, or `*@domain`). */
  async findByAddress(address: string): Promise<AddressDocument | null> {
    const normalized = normalizeAddress(address);
    return this.addresses.findOne({ address: normalized?.address ?? address });
  }

  /** Every address of every kind, in id order. */
  async page(
    request: IdPageRequest<ObjectId> & { query?: string },
  ): Promise<IdPage<AddressDocument, ObjectId>> {
    const query = request.query?.normalize('NFC').trim().toLowerCase();
    const filter: Filter<AddressDocument> = query ? { address: { $regex: escapeRegex(query) } } : {};
    return pageById(this.addresses, filter, request);
  }

  async getForwarded(id: ObjectId): Promise<AddressDocument> {
    const document = await this.addresses.findOne({ _id: id, kind: 'forward' });
    if (!document) throw notFound('forwarded address');
    return document;
  }

  async updateForwarded(
    id: ObjectId,
    changes: { address?: string; targets?: string[] },
  ): Promise<AddressDocument> {
    await this.getForwarded(id);
    const set: Partial<AddressDocument> = {};
    if (changes.address !== undefined) set.address = canonical(changes.address);
    if (changes.targets !== undefined) {
      if (changes.targets.length === 0)
        throw new AccountsError('INVALID_ADDRESS', 'a forwarded address needs targets');
      set.targets = changes.targets.map(checkTarget);
    }
    try {
      await this.addresses.updateOne({ _id: id, kind: 'forward' }, { $set: set });
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new AccountsError('ADDRESS_EXISTS', `${set.address ?? ''} is already in use`);
      throw error;
    }
    return this.getForwarded(id);
  }

  async deleteForwarded(id: ObjectId): Promise<void> {
    const result = await this.addresses.deleteOne({ _id: id, kind: 'forward' });
    if (result.deletedCount === 0) throw notFound('forwarded address');
  }

  async pageDomainAliases(
    request: IdPageRequest<string> & { query?: string },
  ): Promise<IdPage<DomainAliasDocument, string>> {
    const query = request.query?.normalize('NFC').trim().toLowerCase();
    const filter: Filter<DomainAliasDocument> = query
      ? { $or: [{ _id: { $regex: escapeRegex(query) } }, { domain: { $regex: escapeRegex(query) } }] }
      : {};
    return pageById(this.domainAliases, filter, request);
  }

  /** The alias by its domain, in Unicode or punycode form. */
  async getDomainAlias(alias: string): Promise<DomainAliasDocument> {
    const key = normalizeDomain(alias)?.unicode;
    const document = key ? await this.domainAliases.findOne({ _id: key }) : null;
    if (!document) throw notFound('domain alias');
    return document;
  }

  async deleteDomainAlias(alias: string): Promise<void> {
    const document = await this.getDomainAlias(alias);
    await this.domainAliases.deleteOne({ _id: document._id });
  }

  private async setMain(userId: ObjectId, id: ObjectId): Promise<void> {
    await this.addresses.updateMany(
      { user: userId, kind: 'user', _id: { $ne: id } },
      { $set: { main: false } },
    );
    await this.addresses.updateOne({ _id: id, user: userId }, { $set: { main: true } });
  }

  private async aliasChain(domain: string): Promise<string[]> {
    const chain = [domain];
    for (let hop = 0; hop < MAX_ALIAS_HOPS; hop += 1) {
      const alias = await this.domainAliases.findOne({ _id: chain[chain.length - 1]! });
      if (!alias || chain.includes(alias.domain)) break;
      chain.push(alias.domain);
    }
    return chain;
  }

  private async insert(fields: Omit<AddressDocument, '_id' | 'created'>): Promise<ObjectId> {
    const id = new ObjectId();
    try {
      await this.addresses.insertOne({ _id: id, ...fields, created: new Date() });
      return id;
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new AccountsError('ADDRESS_EXISTS', `${fields.address} is already in use`);
      throw error;
    }
  }
}
