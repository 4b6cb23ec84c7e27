import type { Session, WorkRole } from '../session';

export interface Credentials {
  username: string;
  password: string;
  /** The role chosen on the sign-in form; real sign-in takes the roles from the account instead. */
  role: WorkRole;
}

/** A sign-in the server refused; `message` is shown under the form. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}

/**
 * The one place where the console authenticates. Accounts and password checks are not served yet,
 * so this accepts any username and checks nothing: it only builds the session the console shows.
 * Real authentication replaces this body (post the credentials to the server, return the session
 * it grants, throw `SignInError` with the server's message on refusal); no caller changes.
 */
export async function signIn({ username, role }: Credentials): Promise<Session> {
  const name = username.trim();
  if (!name) throw new SignInError('Enter your username.');
  return { username: name, displayName: name, role };
}

/** Ends the session on the server once there is one to end. */
export async function signOut(): Promise<void> {
  // Nothing is held on the server yet.
}
