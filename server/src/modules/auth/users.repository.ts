import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@callcentre/shared';
import { returnedRows } from './sql';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  team_lead_id: string | null;
  team_id: string | null;
  team_name: string | null;
  created_at: Date;
  locked_until: Date | null;
}

export interface LoginRow extends UserRow {
  password_hash: string | null;
}

/** A lock in force on the user's name (see SignInAttemptsRepository). */
const USER_COLUMNS = `id, username, display_name, roles, team_lead_id, team_id, (SELECT t.name FROM teams t WHERE t.id = users.team_id) AS team_name, created_at,
  (SELECT a.locked_until FROM sign_in_attempts a WHERE a.username = users.username AND a.locked_until > now()) AS locked_until`;

/** Every read and write of `users` the identity module makes, sign-in counters included. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findForLogin(username: string): Promise<LoginRow | null> {
    const rows = await this.dataSource.query(`SELECT ${USER_COLUMNS}, password_hash FROM users WHERE username = $1`, [username]);
    return rows[0] ?? null;
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserRow | null> {
    const rows = await manager.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findPasswordHash(id: string): Promise<string | null> {
    const rows = await this.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [id]);
    return rows[0]?.password_hash ?? null;
  }

  /** The same password under today's hashing parameters (not a password change). */
  async rehashPassword(id: string, hash: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, hash]);
  }

  async setPasswordHash(id: string, hash: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [id, hash]);
  }

  async list(filter: { role?: Role; limit: number; offset: number }): Promise<{ rows: UserRow[]; total: number }> {
    const where = filter.role ? `WHERE $3 = ANY(roles)` : '';
    const params: unknown[] = [filter.limit, filter.offset, ...(filter.role ? [filter.role] : [])];
    const rows: (UserRow & { total: number })[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, count(*) OVER ()::int AS total FROM users ${where} ORDER BY username LIMIT $1 OFFSET $2`,
      params,
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      const [count] = await this.dataSource.query(`SELECT count(*)::int AS total FROM users ${where.replace('$3', '$1')}`, filter.role ? [filter.role] : []);
      total = count.total as number;
    }
    return { rows: rows.map(({ total: _total, ...row }) => row), total };
  }

  async insert(
    user: { username: string; displayName: string; roles: Role[]; passwordHash: string },
    manager: EntityManager,
  ): Promise<UserRow> {
    const rows = await manager.query(
      `INSERT INTO users (username, display_name, roles, password_hash, password_changed_at)
       VALUES ($1, $2, $3, $4, now()) RETURNING ${USER_COLUMNS}`,
      [user.username, user.displayName, user.roles, user.passwordHash],
    );
    return rows[0];
  }

  /** Locks every administrator row, so two concurrent demotions cannot remove the last administrator. */
  async lockAdministrators(manager: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM users WHERE 'admin' = ANY(roles) ORDER BY id FOR UPDATE`);
    return rows.map((row) => row.id);
  }

  async setRoles(id: string, roles: Role[], manager: EntityManager): Promise<UserRow | null> {
    const rows = await manager.query(`UPDATE users SET roles = $2 WHERE id = $1 RETURNING ${USER_COLUMNS}`, [id, roles]);
    return returnedRows<UserRow>(rows)[0] ?? null;
  }

  async countAdministrators(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS count FROM users WHERE 'admin' = ANY(roles)`);
    return row.count;
  }

  /** Usernames, roles and password hashes of the named users, in the order named. */
  async findCredentialsInOrder(usernames: readonly string[]): Promise<Array<{ username: string; roles: Role[]; password_hash: string | null }>> {
    return this.dataSource.query(
      `SELECT username, roles, password_hash FROM users WHERE username = ANY($1::text[]) ORDER BY array_position($1::text[], username::text)`,
      [usernames],
    );
  }

  /** Creates the first administrator; null when the username is taken. */
  async insertAdministrator(username: string, passwordHash: string): Promise<string | null> {
    const created: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO users (username, display_name, roles, password_hash, password_changed_at) VALUES ($1, 'Administrator', ARRAY['admin'], $2, now())
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [username, passwordHash],
    );
    return created[0]?.id ?? null;
  }
}
