import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';

/** The advisory lock whose holder routes; advisory locks are per database, so each centre has its own. */
const ROUTER_LOCK_KEY = 7_146_221;

/** The session that held the router lock is gone (the connection broke): nothing more may be journaled through it. */
export class RouterLeaseLost extends Error {
  constructor() {
    super('this server instance no longer holds the router lock');
  }
}

/** The answer to a request for the router lock. */
export type LeaseAttempt = 'held' | 'busy' | 'unreachable';

/** How PostgreSQL probes the lock session so that a vanished holder loses the lock within `timeoutSeconds`. */
export interface LockSessionKeepalive {
  /** Silence before the first probe, seconds (tcp_keepalives_idle). */
  idleSeconds: number;
  /** Between probes, seconds (tcp_keepalives_interval). */
  intervalSeconds: number;
  /** Unanswered probes that close the connection (tcp_keepalives_count). */
  count: number;
  /** Unacknowledged data that closes the connection, milliseconds (tcp_user_timeout, PostgreSQL 12 and later). */
  userTimeoutMs: number;
}

/** Half the time idle, then three probes over the other half: idle + interval × count ≤ timeout. */
export function lockSessionKeepalive(timeoutSeconds: number): LockSessionKeepalive {
  const idleSeconds = Math.max(1, Math.floor(timeoutSeconds / 2));
  const count = 3;
  const intervalSeconds = Math.max(1, Math.floor((timeoutSeconds - idleSeconds) / count));
  return { idleSeconds, intervalSeconds, count, userTimeoutMs: timeoutSeconds * 1000 };
}

/**
 * Exactly one server instance on a database routes: the one whose PostgreSQL session holds the router's advisory
 * lock. The routing journal is written through that same session, so a holder that lost its connection (and with
 * it the lock) cannot write another row, and PostgreSQL frees the lock the moment a crashed holder's connection
 * closes, so a standby takes over within one retry without waiting for a timeout.
 *
 * A holder whose host or network vanishes closes nothing: PostgreSQL learns of it from TCP. The lock session
 * asks the server for short keepalives (and a user timeout for data left unacknowledged), so the server drops
 * the session, and the lock with it, within ROUTER_LOCK_TIMEOUT_SECONDS rather than the system's two hours.
 * (Sessions over a Unix-domain socket ignore these settings; they need none.)
 */
@Injectable()
export class RouterLease {
  private readonly logger = new Logger('RouterLease');
  private session: PoolClient | null = null;
  private readonly keepalive: LockSessionKeepalive;
  private lostListener: (() => void) | null = null;
  /** The request for the lock under way, if any: closing waits for it, as it may still be granted. */
  private request: Promise<LeaseAttempt> | null = null;
  /** Set once the server shuts down: no further request for the lock is made. */
  private closed = false;
  /** Why the last request for the lock could not reach PostgreSQL; null once it answered. */
  lastFailure: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keepalive = lockSessionKeepalive(config.ROUTER_LOCK_TIMEOUT_SECONDS);
  }

  get held(): boolean {
    return this.session !== null;
  }

  /** Called once each time the lock session breaks while it holds the lock: routing must stop at once. */
  onLost(listener: () => void): void {
    this.lostListener = listener;
  }

  /** Takes the lock if no other session holds it; true when this instance now routes. */
  async tryAcquire(): Promise<boolean> {
    return (await this.acquire()) === 'held';
  }

  /**
   * Asks for the lock: `held` (this instance routes now), `busy` (another instance's session holds it) or
   * `unreachable` (PostgreSQL could not be asked; `lastFailure` says why).
   */
  async acquire(): Promise<LeaseAttempt> {
    if (this.session) return 'held';
    if (this.closed) {
      this.lastFailure = 'the server is shutting down';
      return 'unreachable';
    }
    const request = this.request ?? this.requestLock();
    this.request = request;
    try {
      return await request;
    } finally {
      if (this.request === request) this.request = null;
    }
  }

  private async requestLock(): Promise<LeaseAttempt> {
    let session: PoolClient | null = null;
    try {
      session = await ((this.dataSource.driver as PostgresDriver).master as Pool).connect();
      const own = session;
      // Without a listener a broken connection's error would end the process; with the lock held, it ends routing at once.
      own.on('error', (error) => {
        if (this.session === own) this.logger.warn(`router lock session failed: ${error.message}`);
        this.lose(own);
      });
      own.on('end', () => this.lose(own));
      await this.shortenKeepalive(own);
      const { rows } = await own.query(`SELECT pg_try_advisory_lock($1) AS held`, [ROUTER_LOCK_KEY]);
      this.lastFailure = null;
      if (rows[0]?.held === true) {
        this.session = own;
        return 'held';
      }
      // Not held: the connection goes, with its listener and shortened keepalive, rather than back to the pool.
      own.release(true);
      return 'busy';
    } catch (error) {
      this.lastFailure = error instanceof Error ? error.message : String(error);
      session?.release(true);
      return 'unreachable';
    }
  }

  /** The lock session broke while holding the lock: PostgreSQL freed the lock with it. */
  private lose(session: PoolClient): void {
    if (this.session !== session) return;
    this.drop(true);
    this.lostListener?.();
  }

  /** Before the lock is taken: the server probes this session often enough to free the lock soon after its host vanished. */
  private async shortenKeepalive(session: PoolClient): Promise<void> {
    const { idleSeconds, intervalSeconds, count, userTimeoutMs } = this.keepalive;
    await session.query(
      `SELECT set_config('tcp_keepalives_idle', $1, false), set_config('tcp_keepalives_interval', $2, false), set_config('tcp_keepalives_count', $3, false)`,
      [String(idleSeconds), String(intervalSeconds), String(count)],
    );
    // Probes wait while data is unacknowledged (a reply in flight when the host vanished): the user timeout bounds that.
    await session.query(`SELECT set_config('tcp_user_timeout', $1, false)`, [String(userTimeoutMs)]).catch((error: Error) => {
      this.logger.warn(`tcp_user_timeout not set on the router lock session (PostgreSQL 12 or later has it): ${error.message}`);
    });
  }

  /**
   * Runs a statement in the lock holder's session (the routing journal's writes). A `name` prepares it once
   * per session, so PostgreSQL parses it once instead of on every commit.
   */
  async query<T = unknown>(sql: string, parameters: unknown[], name?: string): Promise<T[]> {
    const session = this.session;
    if (!session) throw new RouterLeaseLost();
    const { rows } = await session.query({ text: sql, values: parameters, ...(name ? { name } : {}) });
    return rows as T[];
  }

  /** After a failed write: is the holder's session still there? If not, the lock went with it. */
  async verify(): Promise<boolean> {
    const session = this.session;
    if (!session) return false;
    try {
      const { rows } = await session.query(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() AND objid = $1) AS held`,
        [ROUTER_LOCK_KEY],
      );
      if (rows[0]?.held === true) return true;
    } catch {
      // The connection is broken: the lock is gone with it.
    }
    this.drop(true);
    return false;
  }

  /**
   * On shutdown: asks for the lock no more, waits for a request under way (PostgreSQL may grant it the moment
   * another instance let go) and gives the lock up, so a standby takes over at once and no session stays out of
   * the pool, which would keep the pool, and with it the shutdown, waiting for ever.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.request?.catch(() => undefined);
    await this.release();
  }

  /** Gives the lock up so another instance takes over at once. */
  async release(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const unlocked = await session.query(`SELECT pg_advisory_unlock($1)`, [ROUTER_LOCK_KEY]).then(
      () => true,
      () => false,
    );
    this.drop(!unlocked);
  }

  /** Hands the connection back; a broken one, or one that may still hold the lock, is closed instead. */
  private drop(close: boolean): void {
    const session = this.session;
    this.session = null;
    session?.release(close);
  }
}
