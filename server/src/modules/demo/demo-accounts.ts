import type { DataSource } from 'typeorm';
import { ROLES } from '@callcentre/shared';
import { verifyPassword } from '../../common/auth/secrets';
import type { AppConfig } from '../../common/config/app-config';
import { UnsafeIdentityError, type StartupLog } from '../auth';
import { UsersRepository } from '../auth';
import { DEMO_STAFF } from './demo-centre';

/** The demo accounts in the order of the demo centre's staff list, so every start names the same ones. */
function demoUsers(dataSource: DataSource) {
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

/** Production refuses to start while a demo account still has its username as password. */
export async function refuseDemoPasswordsInProduction(dataSource: DataSource, config: AppConfig): Promise<void> {
  if (config.MODE !== 'production') return;
  const demo = await findDemoUsersWithDefaultPasswords(dataSource);
  if (demo.length > 0) {
    throw new UnsafeIdentityError(
      `MODE=production refuses to start: demo accounts sign in with their username as password (${demo.join(', ')}); change their passwords or use a database without the demo centre`,
    );
  }
}

/** In demo mode, prints one demo sign-in per role. */
export async function announceDemoSignIns(dataSource: DataSource, config: AppConfig, log: StartupLog): Promise<void> {
  if (config.MODE === 'demo') for (const line of await demoCredentialLines(dataSource)) log.info(line);
}
