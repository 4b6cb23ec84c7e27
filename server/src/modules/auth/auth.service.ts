import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthenticatedUser } from '../../common/auth';
import { hashPassword, hashSecret, isSecretOfKind, newSecret, passwordNeedsRehash, prepareDecoy, verifyAgainstDecoy, verifyPassword } from '../../common/auth/secrets';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { AuditService } from '../audit';
import { IDENTITY_AUDIT_ACTIONS as ACTIONS } from './auth.audit';
import { IdentityErrors } from './auth.errors';
import type { IssuedSession, Me } from '@callcentre/shared';
import type { ClientInfo } from './auth.types';
import { SessionsRepository, type SessionTimes } from './sessions.repository';
import { SignInAttemptsRepository } from './sign-in-attempts.repository';
import { SIGNED_OUT, type SignedOut } from './signed-out.event';
import { UsersRepository, type UserRow } from './users.repository';

/** A second refresh with the token just rotated is a concurrent tab, not a thief, within this many seconds. */
const ROTATION_GRACE_SECONDS = 30;

export function toMe(user: Pick<UserRow, 'id' | 'username' | 'display_name' | 'roles' | 'team_lead_id'>): Me {
  return { id: user.id, username: user.username, displayName: user.display_name, roles: user.roles, teamLeadId: user.team_lead_id };
}

/** Usernames are lowercase; sign-in forgives case and surrounding spaces. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Sign-in with lockout, refresh-token rotation with reuse detection, sign-out and password change. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly attempts: SignInAttemptsRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {
    void prepareDecoy();
  }

  async login(username: string, password: string, client: ClientInfo): Promise<IssuedSession> {
    const name = normaliseUsername(username);
    const user = await this.users.findForLogin(name);
    // An unknown name is counted, locked and timed exactly like a real one, so neither tells which names exist.
    const target = user ? { type: 'user', id: user.id } : undefined;
    const actor = { kind: 'anonymous' as const, name: name.slice(0, 64) };
    const rules = { maxFailures: this.config.LOGIN_MAX_FAILURES, lockSeconds: this.config.LOGIN_LOCK_SECONDS };
    const failed = (reason: string) =>
      this.audit.record({ actor, action: ACTIONS.loginFailed, target, details: { reason, clientAddress: client.address } });

    const attempt = await this.attempts.start(name, rules);
    if (attempt.kind === 'locked') {
      await failed('locked');
      throw IdentityErrors.accountLocked(attempt.lockedUntil);
    }
    if (attempt.kind === 'busy') {
      await failed('attempts_in_flight');
      throw IdentityErrors.signInBusy();
    }
    const passwordHash = user?.password_hash;
    const verified = passwordHash ? await verifyPassword(passwordHash, password) : await verifyAgainstDecoy(password);
    if (!user || !verified) {
      const { lockedUntil, justLocked } = await this.attempts.fail(name, attempt.attemptId, rules);
      await failed(user ? 'wrong_password' : 'unknown_user');
      if (justLocked && lockedUntil) {
        await this.audit.record({
          actor: { kind: 'system' },
          action: ACTIONS.lockedOut,
          target,
          details: { username: actor.name, lockedUntil: new Date(lockedUntil).toISOString(), failures: this.config.LOGIN_MAX_FAILURES, clientAddress: client.address },
        });
      }
      if (lockedUntil) throw IdentityErrors.accountLocked(new Date(lockedUntil));
      throw IdentityErrors.invalidCredentials();
    }
    const { lockedUntil } = await this.attempts.succeed(name, attempt.attemptId, rules);
    if (lockedUntil) {
      await failed('locked');
      throw IdentityErrors.accountLocked(lockedUntil);
    }

    const rehashed = passwordNeedsRehash(passwordHash as string) ? await hashPassword(password) : null;
    if (rehashed) await this.users.rehashPassword(user.id, rehashed);
    await this.attempts.purgeSettled(this.config.LOGIN_LOCK_SECONDS);
    await this.sessions.purgeEnded(user.id);
    const issued = await this.issue(user, client);
    await this.audit.record({
      actor: { kind: 'user', id: user.id, username: user.username },
      action: ACTIONS.login,
      target: { type: 'user', id: user.id },
      details: { sessionId: issued.sessionId, clientAddress: client.address },
    });
    return issued.session;
  }

  /**
   * Replaces the session's tokens: the presented refresh token and the access token issued with it
   * stop working. Presenting a refresh token that was already replaced (outside a short grace for
   * concurrent tabs) means it leaked: the whole session is revoked.
   */
  async refresh(refreshToken: string | undefined): Promise<IssuedSession> {
    if (!isSecretOfKind(refreshToken, 'ccr')) throw IdentityErrors.invalidRefreshToken();
    const presented = hashSecret(refreshToken);
    const accessToken = newSecret('cca');
    const nextRefreshToken = newSecret('ccr');
    const rotated = await this.sessions.rotate(presented, {
      accessTokenHash: hashSecret(accessToken),
      refreshTokenHash: hashSecret(nextRefreshToken),
      accessTtlSeconds: this.config.ACCESS_TOKEN_TTL_SECONDS,
    });
    if (!rotated) {
      const reused = await this.sessions.findByPreviousRefreshToken(presented);
      if (reused && reused.seconds_since_refresh <= ROTATION_GRACE_SECONDS) throw IdentityErrors.refreshTokenRotated();
      if (reused) {
        await this.sessions.revoke(reused.id, 'refresh_reused');
        await this.audit.record({ actor: { kind: 'system' }, action: ACTIONS.refreshReused, target: { type: 'user', id: reused.user_id }, details: { sessionId: reused.id } });
        this.logger.warn(`session ${reused.id} revoked: a replaced refresh token was presented again`);
      }
      throw IdentityErrors.invalidRefreshToken();
    }
    const user = await this.users.findById(rotated.user_id);
    if (!user) throw IdentityErrors.invalidRefreshToken();
    return this.toIssued(user, rotated, accessToken, nextRefreshToken);
  }

  /** Ends the session holding either token; quietly does nothing when there is none. */
  async logout(tokens: { accessToken?: string; refreshToken?: string }): Promise<void> {
    const accessTokenHash = isSecretOfKind(tokens.accessToken, 'cca') ? hashSecret(tokens.accessToken) : undefined;
    const refreshTokenHash = isSecretOfKind(tokens.refreshToken, 'ccr') ? hashSecret(tokens.refreshToken) : undefined;
    if (!accessTokenHash && !refreshTokenHash) return;
    const revoked = await this.sessions.revokeByToken({ accessTokenHash, refreshTokenHash }, 'logout');
    if (revoked) {
      await this.audit.record({
        actor: { kind: 'user', id: revoked.user_id, username: revoked.username },
        action: ACTIONS.logout,
        target: { type: 'user', id: revoked.user_id },
        details: { sessionId: revoked.id },
      });
      // The session is revoked already: a failed look-up keeps the agent in routing rather than failing the sign-out.
      const otherDeskInUse = await this.sessions.hasOtherFreshSession(revoked.user_id, revoked.id).catch(() => true);
      const signedOut: SignedOut = { userId: revoked.user_id, sessionId: revoked.id, otherDeskInUse };
      await this.events.emitAsync(SIGNED_OUT, signedOut);
    }
  }

  async me(user: AuthenticatedUser): Promise<Me> {
    return { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, teamLeadId: user.teamLeadId };
  }

  /** Changes the caller's own password and ends their other sessions. */
  async changePassword(user: AuthenticatedUser, currentPassword: string, newPassword: string): Promise<void> {
    if (!(await verifyPassword(await this.users.findPasswordHash(user.id), currentPassword))) throw IdentityErrors.wrongCurrentPassword();
    if (normaliseUsername(newPassword) === user.username) throw IdentityErrors.passwordEqualsUsername();
    await this.users.setPasswordHash(user.id, await hashPassword(newPassword));
    const ended = await this.sessions.revokeAllOfUser(user.id, 'password_changed', user.sessionId ?? null);
    await this.audit.record({ actor: user, action: ACTIONS.passwordChanged, target: { type: 'user', id: user.id }, details: { otherSessionsEnded: ended } });
  }

  private async issue(user: UserRow, client: ClientInfo): Promise<{ sessionId: string; session: IssuedSession }> {
    const accessToken = newSecret('cca');
    const refreshToken = newSecret('ccr');
    const created = await this.sessions.create({
      userId: user.id,
      accessTokenHash: hashSecret(accessToken),
      refreshTokenHash: hashSecret(refreshToken),
      accessTtlSeconds: this.config.ACCESS_TOKEN_TTL_SECONDS,
      sessionTtlSeconds: this.config.SESSION_TTL_SECONDS,
      clientAddress: client.address?.slice(0, 64) ?? null,
      userAgent: client.userAgent?.slice(0, 256) ?? null,
    });
    return { sessionId: created.id, session: this.toIssued(user, created, accessToken, refreshToken) };
  }

  private toIssued(user: UserRow, times: SessionTimes, accessToken: string, refreshToken: string): IssuedSession {
    return {
      tokenType: 'Bearer',
      accessToken,
      accessTokenExpiresAt: new Date(times.access_expires_at).toISOString(),
      refreshToken,
      sessionExpiresAt: new Date(times.expires_at).toISOString(),
      user: toMe(user),
    };
  }
}
