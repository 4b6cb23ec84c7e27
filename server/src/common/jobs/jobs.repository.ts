import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { JobOptions } from './jobs.types';

/**
 * The session advisory lock a worker pool holds for its whole life, telling every process that it is alive; its key
 * is made from the pool's id (what graphile-worker writes in `locked_by`), in a namespace of its own.
 */
const poolLockKey = (poolId: string) => `hashtextextended('graphile_worker_pool:' || ${poolId}, 0)`;

/** Is the lock of this key held by any session on this database? (An int8 advisory key is split in classid and objid.) */
const lockHeld = (key: string) => `EXISTS (
  SELECT 1 FROM pg_locks l
   WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND l.classid::bigint = ((${key}) >> 32) & 4294967295 AND l.objid::bigint = (${key}) & 4294967295)`;

/**
 * How soon PostgreSQL lets go of the lock of a pool whose machine or network vanished (closing nothing): it probes
 * the session after 10 s of silence, then every 5 s, three times, and gives up on data unacknowledged for 25 s.
 */
const LOCK_SESSION_KEEPALIVE = { idleSeconds: 10, intervalSeconds: 5, count: 3, userTimeoutMs: 25_000 };

/** The connection that holds a worker pool's lock; the lock lasts as long as the connection. */
export interface WorkerPoolLockSession {
  /** Takes the lock of `poolId` on this session; refused (an error) when another session holds it. */
  lock(poolId: string): Promise<void>;
  /** Called once when the connection breaks: the lock went with it. */
  onLost(listener: (error: Error) => void): void;
  /** Closes the connection, and with it the lock. */
  close(): void;
}

/** The job queue's SQL: graphile-worker's own functions, called on the caller's transaction when there is one. */
@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(task: string, payload: object, options: JobOptions, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const [row] = await manager.query(
      `SELECT (graphile_worker.add_job(identifier => $1, payload => $2::json, queue_name => $3, run_at => $4,
                 max_attempts => $5, job_key => $6, job_key_mode => $7)).id::text AS id`,
      [task, JSON.stringify(payload), options.queueName ?? null, options.runAt ?? null, options.maxAttempts ?? null, options.jobKey ?? null, options.jobKeyMode ?? 'replace'],
    );
    return row.id as string;
  }

  /** Removes the waiting job with this key (a running one finishes; its key is released). */
  async remove(jobKey: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`SELECT graphile_worker.remove_job($1)`, [jobKey]);
  }

  /** When the waiting job with this key is due, or null when there is none. */
  async runAtOf(jobKey: string): Promise<Date | null> {
    const [row] = await this.dataSource.query(`SELECT run_at FROM graphile_worker.jobs WHERE key = $1 AND locked_at IS NULL`, [jobKey]);
    return row ? new Date(row.run_at) : null;
  }

  /** Gives back the jobs a worker pool that stopped still had locked, so another pool takes them now rather than hours later. */
  async unlockJobsOf(workerPoolIds: readonly string[]): Promise<void> {
    if (workerPoolIds.length === 0) return;
    await this.dataSource.query(`SELECT graphile_worker.force_unlock_workers($1::text[])`, [workerPoolIds]);
  }

  /**
   * A connection of the worker's own pool, kept for as long as one worker pool lives, to hold its lock on. The
   * database probes it often, so the lock of a pool whose machine died is freed within about 30 s.
   */
  async openPoolLockSession(pool: Pool): Promise<WorkerPoolLockSession> {
    const client: PoolClient = await pool.connect();
    let lostListener: ((error: Error) => void) | null = null;
    let ended = false;
    const end = (error: Error) => {
      if (ended) return;
      ended = true;
      client.release(true);
      lostListener?.(error);
    };
    client.on('error', end);
    client.on('end', () => end(new Error('the connection ended')));
    try {
      const { idleSeconds, intervalSeconds, count, userTimeoutMs } = LOCK_SESSION_KEEPALIVE;
      await client.query(
        `SELECT set_config('tcp_keepalives_idle', $1, false), set_config('tcp_keepalives_interval', $2, false), set_config('tcp_keepalives_count', $3, false)`,
        [String(idleSeconds), String(intervalSeconds), String(count)],
      );
      // PostgreSQL 12 and later; keepalive probes alone wait while a reply is unacknowledged.
      await client.query(`SELECT set_config('tcp_user_timeout', $1, false)`, [String(userTimeoutMs)]).catch(() => undefined);
    } catch (error) {
      end(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    return {
      lock: async (poolId) => {
        const { rows } = await client.query(`SELECT pg_try_advisory_lock(${poolLockKey('$1::text')}) AS held`, [poolId]);
        if (rows[0]?.held !== true) throw new Error(`the lock of worker pool ${poolId} is held by another session`);
      },
      onLost: (listener) => (lostListener = listener),
      close: () => {
        lostListener = null;
        end(new Error('closed'));
      },
    };
  }

  /**
   * Gives back the jobs, and the queues, locked by worker pools that are no longer alive (their process was killed or
   * its machine died: no session holds their lock), so that a live pool runs them now rather than when graphile-worker
   * frees locks older than 4 hours. A pool takes its lock before its first job, so a pool that locked a job and holds
   * no lock is gone. Returns the ids of the pools whose jobs were given back.
   */
  async unlockJobsOfGonePools(): Promise<string[]> {
    const [row] = await this.dataSource.query(
      `WITH gone AS (
         SELECT holders.locked_by
           FROM (SELECT locked_by FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL
                 UNION
                 SELECT locked_by FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL) AS holders
          WHERE NOT ${lockHeld(poolLockKey('holders.locked_by'))}
       ), ids AS (SELECT coalesce(array_agg(locked_by ORDER BY locked_by), '{}') AS pools FROM gone)
       SELECT pools, graphile_worker.force_unlock_workers(pools) FROM ids`,
    );
    return row.pools as string[];
  }
}
