import type { IssuedSession, Me } from '@callcentre/shared';
import { ApiError, http } from '../../../api/http';
import { primaryRole, type Session } from '../session';

export interface Credentials {
  username: string;
  password: string;
}

export type { Me };

/** What the console reads of a sign-in or a refresh (the tokens themselves arrive as httpOnly cookies). */
type SignInAnswer = Pick<IssuedSession, 'accessTokenExpiresAt' | 'sessionExpiresAt' | 'user'>;

export type SignInFailure = 'INVALID_CREDENTIALS' | 'ACCOUNT_LOCKED' | 'RATE_LIMITED' | 'UNREACHABLE' | 'INVALID_FIELDS' | 'OTHER';

/** A sign-in the server refused; the form words it by `reason` (and shows `message` for anything else). */
export class SignInError extends Error {
  override readonly name = 'SignInError';

  constructor(
    readonly reason: SignInFailure,
    message: string,
    /** For ACCOUNT_LOCKED: when the account unlocks. */
    readonly lockedUntil: Date | null = null,
    /** For INVALID_FIELDS: the fields the server refused, the refusal itself (the form words them). */
    readonly refusal: ApiError | null = null,
  ) {
    super(message);
  }
}

export function sessionFrom(issued: SignInAnswer): Session {
  return {
    userId: issued.user.id,
    username: issued.user.username,
    displayName: issued.user.displayName,
    roles: [...issued.user.roles],
    role: primaryRole(issued.user.roles),
    teamLeadId: issued.user.teamLeadId,
    accessTokenExpiresAt: Date.parse(issued.accessTokenExpiresAt),
    sessionExpiresAt: Date.parse(issued.sessionExpiresAt),
  };
}

function lockedUntilOf(error: ApiError): Date | null {
  const raw = error.details?.lockedUntil;
  const at = typeof raw === 'string' ? new Date(raw) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/**
 * The one place where the console authenticates: the server checks the password and answers with the
 * session's cookies (`cc_session`, `cc_refresh`, both out of reach of scripts) and who signed in.
 */
export async function signIn({ username, password }: Credentials): Promise<Session> {
  try {
    const issued = await http.request<SignInAnswer>('/api/auth/login', {
      method: 'POST',
      body: { username: username.trim(), password },
      authRecovery: false,
    });
    return sessionFrom(issued);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'ACCOUNT_LOCKED' || error.status === 423) {
      throw new SignInError('ACCOUNT_LOCKED', error.message, lockedUntilOf(error));
    }
    if (error.status === 401) throw new SignInError('INVALID_CREDENTIALS', error.message);
    if (error.status === 429) throw new SignInError('RATE_LIMITED', error.message);
    if (error.status === 0) throw new SignInError('UNREACHABLE', error.message);
    if (error.code === 'VALIDATION_FAILED' && error.fields.length > 0) throw new SignInError('INVALID_FIELDS', error.message, null, error);
    throw new SignInError('OTHER', error.message);
  }
}

/** New tokens from the refresh cookie, before the access token expires. Rejects with the server's ApiError. */
export async function refreshSession(): Promise<Session> {
  const issued = await http.request<SignInAnswer>('/api/auth/refresh', { method: 'POST', body: {}, authRecovery: false });
  return sessionFrom(issued);
}

/** The signed-in person as the server knows them now (roles may have changed). */
export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return http.get<Me>('/api/auth/me', { signal });
}

/** Ends the session on the server (revokes it and clears the cookies). Signing out locally never waits on a failure. */
export async function signOut(): Promise<void> {
  try {
    await http.request<void>('/api/auth/logout', { method: 'POST', body: {}, authRecovery: false, timeoutMs: 5_000 });
  } catch {
    // Unreachable or already ended: the cookies expire anyway, and the console forgets the session.
  }
}
