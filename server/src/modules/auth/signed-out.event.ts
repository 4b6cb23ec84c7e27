/** Emitted (and awaited) when a user signs out, after their session is revoked and audited. */
export const SIGNED_OUT = 'auth.signed_out';

export interface SignedOut {
  userId: string;
  sessionId: string;
}
