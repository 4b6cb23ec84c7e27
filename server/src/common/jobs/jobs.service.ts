import { BeforeApplicationShutdown, Inject, Injectable, Logger as NestLogger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, type Runner, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import { Pool } from 'pg';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { installJobSchema } from './job-schema';
import { JobsRepository } from './jobs.repository';
import type { JobHandler, JobOptions } from './jobs.types';
import { WorkerPoolLiveness } from './worker-pool-liveness';

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

/**
 * Time between looks for jobs held by worker pools that are gone (a process killed, or its machine dead), given
 * back so they run again within about this long rather than when graphile-worker frees locks 4 hours old.
 */
const GONE_POOLS_SCAN_MS = 30_000;

/** How long closing waits for the worker to hand back its connections once it stopped. */
const WORKER_DRAIN_MS = 3000;

/**
 * The worker's own small pool: its LISTEN connection, running jobs and the session holding the worker pool's lock
 * (see WorkerPoolLiveness) never take the request pool's. Its error handlers stay for its whole life: a connection
 * cut while idle or closing (the database restarted, or ended the session) is logged, never thrown at the process,
 * as it would be by a pool whose handlers left with the worker. It is never ended: the worker may still hand back or
 * ask for a connection while it winds down, which an ended pool refuses; closing closes its connections one by one
 * instead (see `closeConnections`).
 */
function workerPool(databaseUrl: string, log: NestLogger): Pool {
  const pool = new Pool({ connectionString: workerConnectionString(databaseUrl), max: WORKER_CONCURRENCY + 3, allowExitOnIdle: true });
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
/** Pause before a worker that stopped on an error (its database away for minutes) is started again. */
const RESTART_DELAY_MS = 5_000;

@Injectable()
export class JobsService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new NestLogger('Jobs');
  private readonly tasks: TaskList = {};
  private runner: Runner | null = null;
  private pool: Pool | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private liveness: WorkerPoolLiveness | null = null;
  private gonePoolsTimer: NodeJS.Timeout | null = null;

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
    this.pool = workerPool(this.databaseUrl, this.log);
    await this.unlockJobsOfGonePools();
    await this.startRunner();
    this.gonePoolsTimer = setInterval(() => void this.unlockJobsOfGonePools(), GONE_POOLS_SCAN_MS);
    this.gonePoolsTimer.unref();
    this.log.log(`job worker started (${Object.keys(this.tasks).sort().join(', ') || 'no tasks'})`);
  }

  /** Gives back the jobs and queues of worker pools that are no longer alive, in any process; never fails. */
  async unlockJobsOfGonePools(): Promise<void> {
    try {
      const pools = await this.repository.unlockJobsOfGonePools();
      if (pools.length > 0) this.log.warn(`gave back the jobs held by worker pools that are gone: ${pools.join(', ')}`);
    } catch (error) {
      this.log.warn(`jobs of gone worker pools not looked for: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async startRunner(): Promise<void> {
    const pool = this.pool;
    if (!pool || this.stopping) return;
    // The pool's sign of life: its session is open before the pool exists, the lock taken as it is created.
    const liveness = await WorkerPoolLiveness.open(() => this.repository.openPoolLockSession(pool), this.log);
    const events = new EventEmitter() as WorkerEvents;
    let workerPoolId: string | null = null;
    events.on('pool:create', ({ workerPool }) => {
      workerPoolId = workerPool.id;
      liveness.hold(workerPool.id);
    });
    const runner = await run({
      pgPool: pool,
      // Asked before each job is taken: none is taken while the pool's lock is not held.
      forbiddenFlags: () => liveness.beforeTakingJob(),
      concurrency: WORKER_CONCURRENCY,
      pollInterval: POLL_INTERVAL_MS,
      // The application handles SIGINT and SIGTERM and closes the worker through beforeApplicationShutdown.
      noHandleSignals: true,
      taskList: this.tasks,
      logger: workerLogger(this.log),
      events,
      // A job's end (completed, or failed to be tried again) is written in batches: a write that fails stops the
      // worker pool, which is started again below. Written one by one, that failure was thrown where nothing waited
      // for it, and ended the process.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    }).catch((error: unknown) => {
      liveness.close();
      throw error;
    });
    this.runner = runner;
    this.liveness = liveness;
    // The pool stops by itself when it could not record a job's end (its database away): it is started again after
    // a pause, first giving back the jobs it still held.
    const stoppedBy = (outcome: unknown) => {
      if (this.runner !== runner || this.stopping) return;
      this.runner = null;
      liveness.close();
      this.liveness = null;
      this.log.error(`job worker stopped (${outcome instanceof Error ? outcome.message : 'its pool ended'}); starting again in ${RESTART_DELAY_MS / 1000} s`);
      this.restartAfterPause(workerPoolId);
    };
    runner.promise.then(stoppedBy, stoppedBy);
  }

  private restartAfterPause(stoppedPoolId: string | null): void {
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.repository
        .unlockJobsOf(stoppedPoolId ? [stoppedPoolId] : [])
        .then(() => this.startRunner())
        .then(() => this.log.log('job worker started again'))
        .catch((error: unknown) => {
          this.log.warn(`job worker not started again yet: ${error instanceof Error ? error.message : String(error)}`);
          this.restartAfterPause(stoppedPoolId);
        });
    }, RESTART_DELAY_MS);
  }

  /**
   * Before any module lets go of what jobs use (the database pool, routing: both close on application shutdown), so
   * that a job running when the server stops ends normally instead of failing under it.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.gonePoolsTimer) clearInterval(this.gonePoolsTimer);
    const runner = this.runner;
    this.runner = null;
    if (!this.pool) return;
    // A pool that stopped by itself is already stopped: nothing more to wait for.
    await runner?.stop().catch(() => undefined);
    // Only once the pool handed its jobs back: until then, no other process may take them.
    this.liveness?.close();
    this.liveness = null;
    // Nothing of the worker is left to meet a database that goes away with the server.
    await closeConnections(this.pool, WORKER_DRAIN_MS);
    this.pool = null;
    this.log.log('job worker stopped');
  }
}
