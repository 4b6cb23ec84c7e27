/** Emitted (and awaited) when a user signs out, after their session is revoked and audited. */
export const SIGNED_OUT = 'auth.signed_out';

export interface SignedOut {
  userId: string;
  sessionId: string;
  /**
   * Another desk of the user's is in use: a session of theirs whose access token is still fresh (its console keeps
   * it fresh). A browser closed without signing out holds only a refresh token, and does not count.
   */
  otherDeskInUse: boolean;
}
