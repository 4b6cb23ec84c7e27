import { createHash, randomBytes } from 'node:crypto';

/** A bearer token for a page without sign-in (survey, chat): 32 random bytes, URL-safe. */
export function newPublicToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a token: its SHA-256 in hex (the token itself has enough entropy for no salt). */
export function hashPublicToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Where the one-page survey lives; the token rides in the fragment, which browsers never send to a server. */
export function surveyPathOf(token: string): string {
  return `/survey/#t=${token}`;
}
