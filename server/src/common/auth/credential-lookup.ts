import type { AuthenticatedApiKey, AuthenticatedUser } from './principal';

/**
 * How the platform turns a presented credential into a caller. The guard and the socket gateway depend on
 * this token; the auth module provides it from its session and API key stores, so platform code never
 * reaches into a business module.
 */
export const CREDENTIAL_LOOKUP = Symbol('CREDENTIAL_LOOKUP');

export interface CredentialLookup {
  /** The signed-in user of an access token, or null when the token is unknown, expired or its session revoked. */
  authenticateToken(token: string | null | undefined): Promise<AuthenticatedUser | null>;
  /** The API key an `X-Api-Key` value stands for, or null when unknown or revoked. */
  authenticateKey(key: string | null | undefined): Promise<AuthenticatedApiKey | null>;
}
