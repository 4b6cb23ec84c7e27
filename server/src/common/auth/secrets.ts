import { createHash, randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/**
 * Prefixes of the opaque secrets the server hands out: `cca_` access token, `ccr_` refresh token,
 * `cck_` API key. A prefix tells a leaked secret's kind at a glance and lets secret scanners find it.
 */
export type SecretKind = 'cca' | 'ccr' | 'cck';

const SECRET_PATTERN = /^(cca|ccr|cck)_[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url, behind a kind prefix. */
export function newSecret(kind: SecretKind): string {
  return `${kind}_${randomBytes(32).toString('base64url')}`;
}

/** Whether `value` has the shape of a secret of this kind (checked before any database lookup). */
export function isSecretOfKind(value: string | null | undefined, kind: SecretKind): value is string {
  return typeof value === 'string' && SECRET_PATTERN.test(value) && value.startsWith(`${kind}_`);
}

/**
 * Only this hash is stored. The secrets carry 256 random bits, so a plain sha256 (no salt, no
 * stretching) cannot be reversed, and a lookup by hash stays one index probe.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** argon2id with OWASP's minimum cost (19 MiB, 2 passes, 1 lane): about 0.1 s per hash on one core. */
export const PASSWORD_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a missing or malformed hash alike. */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with weaker or other parameters than today's and should be replaced. */
export function passwordNeedsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, PASSWORD_HASH_OPTIONS);
  } catch {
    return true;
  }
}

let decoy: Promise<string> | undefined;

/** Makes the decoy hash ahead of the first sign-in, so that the first unknown name does not take twice as long. */
export function prepareDecoy(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

/**
 * Spends the same time as a real check for a user that does not exist, so the answer's delay does
 * not tell whether a username is taken.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  await verifyPassword(await prepareDecoy(), password);
  return false;
}
