import { DataSource } from 'typeorm';
import { hashPassword } from '../../common/auth/secrets';
import type { AppConfig } from '../../common/config/app-config';
import { AuditRepository } from '../audit';
import { AuditService } from '../audit';
import { IDENTITY_AUDIT_ACTIONS } from './auth.audit';
import { UsersRepository } from './users.repository';

export interface StartupLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Raised when the server must not start with the accounts it finds. */
export class UnsafeIdentityError extends Error {}

/**
 * Runs once at start, after migrations: with ADMIN_PASSWORD, creates the first administrator when none exists;
 * in production without one, warns. (The demo centre's checks at start are in modules/demo/demo-accounts.ts.)
 */
export async function prepareIdentity(dataSource: DataSource, config: AppConfig, log: StartupLog): Promise<void> {
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

