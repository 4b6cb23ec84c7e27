import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Role } from '@callcentre/shared';
import { hashPassword, hashSecret, newSecret } from '../../server/src/common/auth/secrets';

export interface StaffOptions {
  username?: string;
  displayName?: string;
  roles?: Role[];
  /** null: no password at all (the user can only be given a session directly). */
  password?: string | null;
  teamLeadId?: string | null;
}

export interface Staff {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  teamLeadId: string | null;
  password: string | null;
}

export interface SessionTokens {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
}

export interface SignedInStaff extends Staff, SessionTokens {
  /** `Authorization: Bearer <accessToken>`, to spread into fetch headers. */
  headers: Record<string, string>;
}

const unique = () => randomBytes(4).toString('hex');

/** A member of staff; with a password (argon2id, as the server stores it) unless `password: null`. */
export async function createUser(dataSource: DataSource, options: StaffOptions = {}): Promise<Staff> {
  const roles = options.roles ?? ['agent'];
  const username = options.username ?? `${roles[0].replace('_', '-')}-${unique()}`;
  const password = options.password === undefined ? `pw-${username}-${unique()}` : options.password;
  const displayName = options.displayName ?? `Test ${username}`;
  const [row] = await dataSource.query(
    `INSERT INTO users (username, display_name, roles, password_hash, team_lead_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [username, displayName, roles, password === null ? null : await hashPassword(password), options.teamLeadId ?? null],
  );
  return { id: row.id, username, displayName, roles, teamLeadId: options.teamLeadId ?? null, password };
}

/** A session for a user, written straight to the database (no sign-in request, so no throttling or hashing cost). */
export async function createSession(
  dataSource: DataSource,
  userId: string,
  ttl: { accessSeconds?: number; sessionSeconds?: number } = {},
): Promise<SessionTokens> {
  const accessToken = newSecret('cca');
  const refreshToken = newSecret('ccr');
  const [row] = await dataSource.query(
    `INSERT INTO sessions (user_id, access_token_hash, refresh_token_hash, access_expires_at, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4), now() + make_interval(secs => $5)) RETURNING id`,
    [userId, hashSecret(accessToken), hashSecret(refreshToken), ttl.accessSeconds ?? 900, Math.max(ttl.sessionSeconds ?? 43200, ttl.accessSeconds ?? 900)],
  );
  return { sessionId: row.id, accessToken, refreshToken };
}

/** A member of staff with a live session: the quickest way for a suite to call the API as some role. */
export async function createSignedInUser(dataSource: DataSource, options: StaffOptions = {}): Promise<SignedInStaff> {
  const staff = await createUser(dataSource, { password: null, ...options });
  const tokens = await createSession(dataSource, staff.id);
  return { ...staff, ...tokens, headers: bearer(tokens.accessToken) };
}

/** An API key for a feeding system (PBX, IVR, mail gateway); send `key` as X-Api-Key. */
export async function createApiKey(
  dataSource: DataSource,
  options: { name?: string; scopes?: string[]; createdBy?: string | null } = {},
): Promise<{ id: string; key: string; headers: Record<string, string> }> {
  const key = newSecret('cck');
  const [row] = await dataSource.query(
    `INSERT INTO api_keys (name, key_prefix, key_hash, scopes, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [options.name ?? `test key ${unique()}`, key.slice(0, 12), hashSecret(key), options.scopes ?? ['ingest'], options.createdBy ?? null],
  );
  return { id: row.id, key, headers: { 'X-Api-Key': key } };
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}
