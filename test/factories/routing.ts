import { DataSource } from 'typeorm';
import { createSession, SessionTokens } from './users';

export interface DemoStaff {
  id: string;
  username: string;
  headers: Record<string, string>;
}

/** Signs in a seeded demo user by username, straight through the sessions table. */
export async function signInAs(dataSource: DataSource, username: string): Promise<DemoStaff & SessionTokens> {
  const [user] = await dataSource.query(`SELECT id FROM users WHERE username = $1`, [username]);
  if (!user) throw new Error(`no demo user ${username}`);
  const tokens = await createSession(dataSource, user.id);
  return { id: user.id, username, ...tokens, headers: { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'application/json' } };
}

export async function queueId(dataSource: DataSource, code: string): Promise<string> {
  const [row] = await dataSource.query(`SELECT id FROM queues WHERE code = $1`, [code]);
  return row.id;
}

export async function customerByTier(dataSource: DataSource, tier: string): Promise<{ id: string; phone: string }> {
  const [row] = await dataSource.query(`SELECT id, phone FROM customers WHERE value_tier = $1 ORDER BY phone LIMIT 1`, [tier]);
  return row;
}

/** JSON over fetch, returning status and parsed body. */
export async function call(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
