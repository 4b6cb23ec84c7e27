import type { IncomingHttpHeaders } from 'node:http';
import { credentialFromHeaders } from './credentials';
import type { CredentialLookup } from './credential-lookup';
import type { AuthenticatedUser } from './principal';

/** The parts of a socket.io handshake that may carry a token (`socket.handshake`). */
export interface SocketHandshakeLike {
  headers: IncomingHttpHeaders;
  auth?: Record<string, unknown>;
}

/**
 * The access token a socket connects with: `auth.token` (socket.io-client `auth: { token }`, with or
 * without `Bearer `), else an `Authorization: Bearer` header, else the `cc_session` cookie the console
 * sends with the handshake. Keep it to re-check the socket later with `authenticateToken`.
 */
export function socketHandshakeToken(handshake: SocketHandshakeLike): string | null {
  const fromAuth = handshake.auth?.token;
  if (typeof fromAuth === 'string' && fromAuth.trim()) return fromAuth.trim().replace(/^Bearer\s+/i, '');
  const credential = credentialFromHeaders({ ...handshake.headers, 'x-api-key': undefined });
  return credential.kind === 'session' ? credential.token : null;
}

/** The signed-in user a socket connects as, or null: the gateway disconnects it then. API keys cannot open sockets. */
export async function authenticateSocketHandshake(
  authenticator: Pick<CredentialLookup, 'authenticateToken'>,
  handshake: SocketHandshakeLike,
): Promise<AuthenticatedUser | null> {
  const token = socketHandshakeToken(handshake);
  return token ? authenticator.authenticateToken(token) : null;
}
