import { BeforeApplicationShutdown, Inject, Injectable, Logger as NestLogger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Logger as WorkerLogger, run, type Runner, type Task, type TaskList } from 'graphile-worker';
import { Pool } from 'pg';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { installJobSchema } from './job-schema';
import { JobsRepository } from './jobs.repository';
import type { JobHandler, JobOptions } from './jobs.types';

export const JOBS_DATABASE_URL = Symbol('JOBS_DATABASE_URL');

/** How the worker's connections name themselves to PostgreSQL (pg_stat_activity). */
export const JOB_WORKER_APPLICATION_NAME = 'callcentre-jobs';

/** The database URL with the worker's application name, so its connections can be told apart from the requests'. */
function workerConnectionString(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', JOB_WORKER_APPLICATION_NAME);
  return url.toString();
}

/** Jobs run one or two at a time: value runs are heavy statements, and the routing core shares the machine. */
const WORKER_CONCURRENCY = 2;

/** Seconds between looks for jobs that came due (new jobs are announced at once through LISTEN/NOTIFY). */
const POLL_INTERVAL_MS = 1000;

/** How long closing waits for the worker to hand back its connections once it stopped. */
const WORKER_DRAIN_MS = 3000;

/**
 * The worker's own small pool: its LISTEN connection and running jobs never take the request pool's. Its error
 * handlers stay for its whole life: a connection cut while idle or closing (the database restarted, or ended the
 * session) is logged, never thrown at the process, as it would be by a pool whose handlers left with the worker.
 * It is never ended: the worker may still hand back or ask for a connection while it winds down, which an ended
 * pool refuses; closing closes its connections one by one instead (see `closeConnections`).
 */
function workerPool(databaseUrl: string, log: NestLogger): Pool {
  const pool = new Pool({ connectionString: workerConnectionString(databaseUrl), max: WORKER_CONCURRENCY + 2, allowExitOnIdle: true });
  pool.on('error', (error) => log.warn(`job worker connection closed: ${error.message}`));
  pool.on('connect', (client) => client.on('error', (error) => log.warn(`job worker connection failed: ${error.message}`)));
  return pool;
}

/** graphile-worker's log lines, through the application's logger; its scope names the task and job, nothing secret. */
function workerLogger(log: NestLogger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message) => {
    const line = scope.taskIdentifier ? `${scope.taskIdentifier}${scope.jobId ? ` #${scope.jobId}` : ''}: ${message}` : message;
    if (level === 'error') log.error(line);
    else if (level === 'warning') log.warn(line);
    else if (level === 'info') log.log(line);
    else log.debug(line);
  });
}

/** Closes a pool's connections as they come back idle, waiting at most `waitMs` for those still handed out. */
async function closeConnections(pool: Pool, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (pool.totalCount > 0 && Date.now() < deadline) {
    if (pool.idleCount === 0) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      continue;
    }
    // An idle connection is handed out at once; released with `true`, it is closed rather than kept.
    const client = await pool.connect();
    client.release(true);
  }
}

/**
 * Durable background jobs on the application's own PostgreSQL (graphile-worker): jobs are rows, so they survive
 * restarts, can be added in the same transaction as the change that calls for them, and run once across every
 * server process. Modules register their tasks while the application starts (onModuleInit); the worker starts
 * once all are registered and stops, finishing what it runs, when the application closes.
 */
@Injectable()
export class JobsService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new NestLogger('Jobs');
  private readonly tasks: TaskList = {};
  private runner: Runner | null = null;
  private pool: Pool | null = null;

  constructor(
    @Inject(JOBS_DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: JobsRepository,
  ) {}

  /** graphile-worker's own schema (`graphile_worker`), brought up to date by its own migrations. */
  async onModuleInit(): Promise<void> {
    await installJobSchema(this.databaseUrl, workerLogger(this.log));
  }

  /** Declares the handler of `task`; call it from a module's onModuleInit, before the worker starts. */
  registerTask<Payload>(task: string, handler: JobHandler<Payload>): void {
    if (this.runner) throw new Error(`task '${task}' was registered after the job worker started`);
    if (this.tasks[task]) throw new Error(`task '${task}' is registered twice`);
    const run: Task = (payload, helpers) =>
      handler(payload as Payload, { jobId: helpers.job.id, attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
    this.tasks[task] = run;
  }

  /** Adds a job; inside the caller's transaction when `manager` is given. Returns the job's id. */
  enqueue(task: string, payload: object, options: JobOptions = {}, manager?: EntityManager): Promise<string> {
    return this.repository.add(task, payload, options, manager);
  }

  /** Removes the waiting job with this key, if any. */
  cancel(jobKey: string, manager?: EntityManager): Promise<void> {
    return this.repository.remove(jobKey, manager);
  }

  /** When the waiting job with this key is due (null: none waits). */
  scheduledAt(jobKey: string): Promise<Date | null> {
    return this.repository.runAtOf(jobKey);
  }

  get workerRunning(): boolean {
    return this.runner !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.JOBS_WORKER === 'off') {
      this.log.log('job worker off (JOBS_WORKER=off): jobs are queued for another process to run');
      return;
    }
    const pool = workerPool(this.databaseUrl, this.log);
    this.pool = pool;
    this.runner = await run({
      pgPool: pool,
      concurrency: WORKER_CONCURRENCY,
      pollInterval: POLL_INTERVAL_MS,
      // The application handles SIGINT and SIGTERM and closes the worker through beforeApplicationShutdown.
      noHandleSignals: true,
      taskList: this.tasks,
      logger: workerLogger(this.log),
    });
    this.log.log(`job worker started (${Object.keys(this.tasks).sort().join(', ') || 'no tasks'})`);
  }

  /**
   * Before any module lets go of what jobs use (the database pool, routing: both close on application shutdown), so
   * that a job running when the server stops ends normally instead of failing under it.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (!runner) return;
    await runner.stop();
    // Nothing of the worker is left to meet a database that goes away with the server.
    if (this.pool) await closeConnections(this.pool, WORKER_DRAIN_MS);
    this.pool = null;
    this.log.log('job worker stopped');
  }
}
