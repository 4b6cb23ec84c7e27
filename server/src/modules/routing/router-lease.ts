import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';

/** The advisory lock whose holder routes; advisory locks are per database, so each centre has its own. */
const ROUTER_LOCK_KEY = 7_146_221;

/** The session that held the router lock is gone (the connection broke): nothing more may be journaled through it. */
export class RouterLeaseLost extends Error {
  constructor() {
    super('this server instance no longer holds the router lock');
  }
}

/**
 * Exactly one server instance on a database routes: the one whose PostgreSQL session holds the router's advisory
 * lock. The routing journal is written through that same session, so a holder that lost its connection (and with
 * it the lock) cannot write another row, and PostgreSQL frees the lock the moment a crashed holder's connection
 * closes, so a standby takes over within one retry without waiting for a timeout.
 */
@Injectable()
export class RouterLease {
  private readonly logger = new Logger('RouterLease');
  private session: QueryRunner | null = null;

  constructor(private readonly dataSource: DataSource) {}

  get held(): boolean {
    return this.session !== null && !this.session.isReleased;
  }

  /** Takes the lock if no other session holds it; true when this instance now routes. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const session = this.dataSource.createQueryRunner();
    try {
      await session.connect();
      const [row] = await session.query(`SELECT pg_try_advisory_lock($1) AS held`, [ROUTER_LOCK_KEY]);
      if (row?.held === true) {
        this.session = session;
        return true;
      }
    } catch (error) {
      this.logger.warn(`could not ask for the router lock: ${error instanceof Error ? error.message : String(error)}`);
    }
    await session.release().catch(() => undefined);
    return false;
  }

  /** Runs a statement in the lock holder's session (the routing journal's writes). */
  async query<T = unknown>(sql: string, parameters: unknown[]): Promise<T> {
    const session = this.session;
    if (!session || session.isReleased) throw new RouterLeaseLost();
    return (await session.query(sql, parameters)) as T;
  }

  /** After a failed write: is the holder's session still there? If not, the lock went with it. */
  async verify(): Promise<boolean> {
    const session = this.session;
    if (!session || session.isReleased) return false;
    try {
      const [row] = await session.query(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() AND objid = $1) AS held`,
        [ROUTER_LOCK_KEY],
      );
      if (row?.held === true) return true;
    } catch {
      // The connection is broken: the lock is gone with it.
    }
    await this.drop();
    return false;
  }

  /** Gives the lock up (on shutdown) so a standby instance takes over at once. */
  async release(): Promise<void> {
    const session = this.session;
    if (!session || session.isReleased) return;
    await session.query(`SELECT pg_advisory_unlock($1)`, [ROUTER_LOCK_KEY]).catch(() => undefined);
    await this.drop();
  }

  private async drop(): Promise<void> {
    const session = this.session;
    this.session = null;
    await session?.release().catch(() => undefined);
  }
}
