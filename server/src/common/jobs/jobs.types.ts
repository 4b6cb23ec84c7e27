import type { EntityManager } from 'typeorm';

/** When and how a job runs; every field is graphile-worker's own (see `graphile_worker.add_job`). */
export interface JobOptions {
  /** Not before this moment (default: now). */
  runAt?: Date;
  /**
   * At most one waiting job per key: adding another with the same key replaces it (or, with `preserve_run_at`,
   * keeps its time). A job already running keeps going and the new one waits.
   */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at';
  /** Jobs of one named queue run one at a time, in order, across every worker. */
  queueName?: string;
  /** Attempts before the job is given up (default 25, with exponential back-off). */
  maxAttempts?: number;
}

/** What a running job may know about itself. */
export interface JobContext {
  readonly jobId: string;
  readonly attempt: number;
  readonly maxAttempts: number;
}

export type JobHandler<Payload> = (payload: Payload, context: JobContext) => Promise<void>;

/** Adds a job inside the caller's transaction when `manager` is given, so it exists only if the change commits. */
export type EnqueueJob = <Payload extends object>(task: string, payload: Payload, options?: JobOptions, manager?: EntityManager) => Promise<string>;
