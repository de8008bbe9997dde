import { parseArgs } from 'node:util';

export type EiderCommand =
  | { kind: 'help' }
  | {
      kind: 'user-create';
      username: string;
      password: string;
      address?: string;
      name?: string;
      quota?: number;
    }
  | { kind: 'user-list'; query?: string }
  | { kind: 'user-delete'; username: string }
  | { kind: 'address-add'; username: string; address: string; main: boolean }
  | { kind: 'address-list'; username: string }
  | { kind: 'token-create'; username: string; readonly: boolean; ttlSeconds?: number };

export const EIDER_USAGE = [
  'usage: eider user create <username> --password P [--address A] [--name N] [--quota BYTES]',
  '       eider user list [--query TEXT]',
  '       eider user delete <username>',
  '       eider address add <username> <address> [--main]',
  '       eider address list <username>',
  '       eider token create <username> [--readonly] [--ttl SECONDS]',
].join('\n');

const OPTIONS = {
  password: { type: 'string' },
  address: { type: 'string' },
  name: { type: 'string' },
  quota: { type: 'string' },
  query: { type: 'string' },
  main: { type: 'boolean' },
  readonly: { type: 'boolean' },
  ttl: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** Which options each command takes; any other given option is an error rather than silently ignored. */
const ALLOWED: Record<Exclude<EiderCommand['kind'], 'help'>, OptionName[]> = {
  'user-create': ['password', 'address', 'name', 'quota'],
  'user-list': ['query'],
  'user-delete': [],
  'address-add': ['main'],
  'address-list': [],
  'token-create': ['readonly', 'ttl'],
};

// What each command expects after `<group> <action>`.
const POSITIONALS: Record<Exclude<EiderCommand['kind'], 'help'>, string[]> = {
  'user-create': ['username'],
  'user-list': [],
  'user-delete': ['username'],
  'address-add': ['username', 'address'],
  'address-list': ['username'],
  'token-create': ['username'],
};

const wholeNumber = (value: string, flag: string, min: number): number => {
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value)))
    throw new Error(`--${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ''}`);
  return Number(value);
};

const isKind = (kind: string): kind is Exclude<EiderCommand['kind'], 'help'> => kind in ALLOWED;

/** Turns `eider` arguments into one command, or an error message meant for the user. */
export const parseEiderArgs = (args: string[]): EiderCommand | { error: string } => {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { kind: 'help' };
  const [group, action, ...rest] = positionals;
  const kind = `${group ?? ''}-${action ?? ''}`;
  if (!isKind(kind)) return { error: `unknown command: ${positionals.slice(0, 2).join(' ')}` };

  const extra = (Object.keys(values) as OptionName[]).filter((name) => !ALLOWED[kind].includes(name));
  if (extra.length > 0) return { error: `${group} ${action} does not take --${extra.join(', --')}` };
  const names = POSITIONALS[kind];
  if (rest.length < names.length) return { error: `${group} ${action} needs <${names.join('> <')}>` };
  if (rest.length > names.length) return { error: `unexpected argument: ${rest[names.length] ?? ''}` };
  const [first = '', second = ''] = rest;

  try {
    switch (kind) {
      case 'user-create':
        if (values.password === undefined) return { error: 'user create needs --password' };
        return {
          kind,
          username: first,
          password: values.password,
          ...(values.address !== undefined ? { address: values.address } : {}),
          ...(values.name !== undefined ? { name: values.name } : {}),
          ...(values.quota !== undefined ? { quota: wholeNumber(values.quota, 'quota', 0) } : {}),
        };
      case 'user-list':
        return { kind, ...(values.query !== undefined ? { query: values.query } : {}) };
      case 'user-delete':
      case 'address-list':
        return { kind, username: first };
      case 'address-add':
        return { kind, username: first, address: second, main: values.main ?? false };
      case 'token-create':
        return {
          kind,
          username: first,
          readonly: values.readonly ?? false,
          ...(values.ttl !== undefined ? { ttlSeconds: wholeNumber(values.ttl, 'ttl', 60) } : {}),
        };
    }
  } catch (error) {
    return { error: (error as Error).message };
  }
};
