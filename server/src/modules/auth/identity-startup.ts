import { DataSource } from 'typeorm';
import { ROLES, type Role } from '@callcentre/shared';
import { hashPassword, verifyPassword } from '../../common/auth/secrets';
import type { AppConfig } from '../../common/config/app-config';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { DEMO_STAFF } from '../demo/demo-centre';
import { IDENTITY_AUDIT_ACTIONS } from './auth.audit';
import { UsersRepository } from './users.repository';

export interface StartupLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Raised when the server must not start with the accounts it finds. */
export class UnsafeIdentityError extends Error {}

interface DemoUserRow {
  username: string;
  roles: Role[];
  password_hash: string | null;
}

/** The demo accounts in the order of the demo centre's staff list, so every start names the same ones. */
async function demoUsers(dataSource: DataSource): Promise<DemoUserRow[]> {
  return new UsersRepository(dataSource).findCredentialsInOrder(DEMO_STAFF.map((person) => person.username));
}

/** Demo accounts still signing in with their username as password: harmless in a demo, an open door in production. */
export async function findDemoUsersWithDefaultPasswords(dataSource: DataSource): Promise<string[]> {
  const found: string[] = [];
  for (const user of await demoUsers(dataSource)) {
    if (await verifyPassword(user.password_hash, user.username)) found.push(user.username);
  }
  return found.sort();
}

/** One line per role naming a demo account that signs in with its username as password. */
export async function demoCredentialLines(dataSource: DataSource): Promise<string[]> {
  const users = await demoUsers(dataSource);
  const lines: string[] = [];
  for (const role of [...ROLES].reverse()) {
    // Prefer someone holding only this role, so each line shows that role's view.
    const candidates = users.filter((user) => user.roles.includes(role)).sort((a, b) => a.roles.length - b.roles.length);
    for (const user of candidates) {
      if (await verifyPassword(user.password_hash, user.username)) {
        lines.push(`demo sign-in as ${role}: username "${user.username}", password "${user.username}"`);
        break;
      }
    }
  }
  return lines;
}

async function ensureAdministrator(dataSource: DataSource, config: AppConfig, log: StartupLog): Promise<void> {
  const users = new UsersRepository(dataSource);
  if ((await users.countAdministrators()) > 0) return;
  if (!config.ADMIN_PASSWORD) {
    if (config.MODE === 'production') log.warn('no administrator exists: set ADMIN_PASSWORD (and ADMIN_USERNAME) to create one at start');
    return;
  }
  if (config.ADMIN_PASSWORD.trim().toLowerCase() === config.ADMIN_USERNAME) throw new UnsafeIdentityError('ADMIN_PASSWORD must differ from ADMIN_USERNAME');
  const hash = await hashPassword(config.ADMIN_PASSWORD);
  const createdId = await users.insertAdministrator(config.ADMIN_USERNAME, hash);
  if (!createdId) throw new UnsafeIdentityError(`no administrator exists and the user '${config.ADMIN_USERNAME}' (ADMIN_USERNAME) is taken by someone who is not one`);
  await new AuditService(new AuditRepository(dataSource)).record({
    actor: { kind: 'system', name: 'startup' },
    action: IDENTITY_AUDIT_ACTIONS.userCreated,
    target: { type: 'user', id: createdId },
    details: { username: config.ADMIN_USERNAME, roles: ['admin'], from: 'ADMIN_PASSWORD' },
  });
  log.info(`administrator '${config.ADMIN_USERNAME}' created from ADMIN_PASSWORD`);
}

/**
 * Runs once at start, after migrations (and the demo seed):
 * - production refuses to start while a demo account still has its username as password;
 * - with ADMIN_PASSWORD, creates the first administrator when none exists;
 * - in demo mode, prints one demo sign-in per role.
 */
export async function prepareIdentity(dataSource: DataSource, config: AppConfig, log: StartupLog): Promise<void> {
  if (config.MODE === 'production') {
    const demo = await findDemoUsersWithDefaultPasswords(dataSource);
    if (demo.length > 0) {
      throw new UnsafeIdentityError(
        `MODE=production refuses to start: demo accounts sign in with their username as password (${demo.join(', ')}); change their passwords or use a database without the demo centre`,
      );
    }
  }
  await ensureAdministrator(dataSource, config, log);
  if (config.MODE === 'demo') for (const line of await demoCredentialLines(dataSource)) log.info(line);
}
