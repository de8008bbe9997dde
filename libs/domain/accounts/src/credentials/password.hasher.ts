import { Algorithm, hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 20-40 ms here, cheap enough for IMAP logins
// and expensive enough to make offline guessing slow.
const ARGON2_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

export const hashPassword = (password: string): Promise<string> =>
  hash(password.normalize('NFC'), ARGON2_OPTIONS);

/** False for a wrong password and for a malformed stored hash alike: neither may log anyone in. */
export const verifyPassword = async (storedHash: string, password: string): Promise<boolean> => {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(storedHash, password.normalize('NFC'));
  } catch {
    return false;
  }
};

// A hash to verify against when the user does not exist, so "no such user" and "wrong password" take
// the same time and a timing probe cannot enumerate accounts.
let decoyHash: Promise<string> | undefined;
export const decoyVerify = async (password: string): Promise<false> => {
  decoyHash ??= hashPassword('eider-decoy-password');
  await verifyPassword(await decoyHash, password);
  return false;
};
