import { ObjectId, type Collection, type Db } from 'mongodb';
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

interface DomainAliasDocument {
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

  async addAddress(userId: ObjectId, address: string, options: { main?: boolean } = {}): Promise<void> {
    const normalized = canonical(address);
    const main = options.main ?? !(await this.addresses.findOne({ user: userId, kind: 'user' }));
    if (main) await this.addresses.updateMany({ user: userId, kind: 'user' }, { $set: { main: false } });
    await this.insert({ address: normalized, kind: 'user', user: userId, main, targets: [] });
  }

  async addForwardedAddress(address: string, targets: string[]): Promise<void> {
    if (targets.length === 0) throw new AccountsError('INVALID_ADDRESS', 'a forwarded address needs targets');
    await this.insert({
      address: canonical(address),
      kind: 'forward',
      user: null,
      main: false,
      targets: targets.map(checkTarget),
    });
  }

  async addCatchAll(domain: string, userId: ObjectId): Promise<void> {
    await this.insert({
      address: `*@${canonicalDomain(domain)}`,
      kind: 'catchall',
      user: userId,
      main: false,
      targets: [],
    });
  }

  async addDomainAlias(alias: string, domain: string): Promise<void> {
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

  private async aliasChain(domain: string): Promise<string[]> {
    const chain = [domain];
    for (let hop = 0; hop < MAX_ALIAS_HOPS; hop += 1) {
      const alias = await this.domainAliases.findOne({ _id: chain[chain.length - 1]! });
      if (!alias || chain.includes(alias.domain)) break;
      chain.push(alias.domain);
    }
    return chain;
  }

  private async insert(fields: Omit<AddressDocument, '_id' | 'created'>): Promise<void> {
    try {
      await this.addresses.insertOne({ _id: new ObjectId(), ...fields, created: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new AccountsError('ADDRESS_EXISTS', `${fields.address} is already in use`);
      throw error;
    }
  }
}
