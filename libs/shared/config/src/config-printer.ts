import { stringify } from 'smol-toml';
import { SECRET_KEYS, URL_KEYS_WITH_CREDENTIALS, type EiderConfig } from './config.schema';

const MASK = '********';

const maskUrlCredentials = (value: string): string => {
  try {
    const url = new URL(value);
    if (url.password) url.password = MASK;
    return url.toString();
  } catch {
    return MASK;
  }
};

const transformAt = (
  tree: Record<string, unknown>,
  key: string,
  transform: (value: string) => string,
): void => {
  const parts = key.split('.');
  let node: unknown = tree;
  for (const part of parts.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<string, unknown>)[part];
  }
  const leaf = parts[parts.length - 1] as string;
  if (typeof node === 'object' && node !== null) {
    const holder = node as Record<string, unknown>;
    if (typeof holder[leaf] === 'string') holder[leaf] = transform(holder[leaf]);
  }
};

/** A deep copy of the config that is safe to print or log. */
export const maskSecrets = (config: EiderConfig): EiderConfig => {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const key of SECRET_KEYS) transformAt(copy, key, () => MASK);
  for (const key of URL_KEYS_WITH_CREDENTIALS) transformAt(copy, key, maskUrlCredentials);
  return copy as unknown as EiderConfig;
};

export const renderConfig = (config: EiderConfig, format: 'toml' | 'json' = 'toml'): string => {
  const masked = maskSecrets(config);
  return format === 'json' ? JSON.stringify(masked, null, 2) : stringify(masked);
};
