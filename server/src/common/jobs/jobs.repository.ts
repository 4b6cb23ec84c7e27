import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { JobOptions } from './jobs.types';

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
}
