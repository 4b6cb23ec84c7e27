import type { Logger } from '@nestjs/common';
import type { WorkerPoolLockSession } from './jobs.repository';

/** Pause before a lock session that broke, or could not take the lock, is opened again. */
const RETAKE_DELAY_MS = 1000;

/**
 * One worker pool's sign of life: the advisory lock of its id, held on a session of its own for as long as the pool
 * lives. Any process gives back the jobs of a pool whose lock nobody holds (see `JobsRepository.unlockJobsOfGonePools`),
 * so the pool takes no job before its lock is held (`beforeTakingJob`), nor while a broken session is being replaced.
 * The session is opened before the pool exists, and the lock taken on it the moment the pool is created.
 */
export class WorkerPoolLiveness {
  private session: WorkerPoolLockSession | null;
  private poolId: string | null = null;
  /** The lock being taken, then taken; null while there is no session to take it on. */
  private taking: Promise<void> | null = null;
  private retakeTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    session: WorkerPoolLockSession,
    private readonly openSession: () => Promise<WorkerPoolLockSession>,
    private readonly log: Logger,
  ) {
    this.session = session;
    this.watch(session);
  }

  /** Opens the session the pool's lock will be held on; fails when the database cannot be reached. */
  static async open(openSession: () => Promise<WorkerPoolLockSession>, log: Logger): Promise<WorkerPoolLiveness> {
    return new WorkerPoolLiveness(await openSession(), openSession, log);
  }

  /** The pool was created (graphile-worker's `pool:create`): its lock is taken at once, before it looks for a job. */
  hold(poolId: string): void {
    this.poolId = poolId;
    if (this.session) this.take(this.session);
  }

  /**
   * Asked by each of the pool's workers before it takes a job (graphile-worker's `forbiddenFlags`): waits while the
   * lock is being taken, and refuses while it is not held, so the worker asks again after its poll interval.
   */
  beforeTakingJob(): Promise<null> {
    if (!this.taking) return Promise.reject(new Error('the worker pool does not hold its lock; no job is taken until it does'));
    return this.taking.then(() => null);
  }

  /** Once the pool stopped: closes the session, and with it the lock. */
  close(): void {
    this.closed = true;
    if (this.retakeTimer) clearTimeout(this.retakeTimer);
    this.retakeTimer = null;
    this.taking = null;
    this.session?.close();
    this.session = null;
  }

  private take(session: WorkerPoolLockSession): void {
    const poolId = this.poolId as string;
    const taking = session.lock(poolId);
    this.taking = taking;
    taking.catch((error: unknown) => {
      if (this.session !== session) return;
      this.log.warn(`job worker pool ${poolId} could not take its lock (${error instanceof Error ? error.message : String(error)}); trying again`);
      this.replace(session);
    });
  }

  private watch(session: WorkerPoolLockSession): void {
    session.onLost((error) => {
      if (this.session !== session || this.closed) return;
      this.log.warn(`job worker pool ${this.poolId ?? '(starting)'} lost its lock session (${error.message}); taking its lock again`);
      this.replace(session);
    });
  }

  /** Drops a broken session and opens another after a pause, until the lock is held again or the pool stops. */
  private replace(broken: WorkerPoolLockSession): void {
    if (this.session !== broken || this.closed) return;
    this.session = null;
    this.taking = null;
    broken.close();
    this.reopenAfterPause();
  }

  private reopenAfterPause(): void {
    this.retakeTimer = setTimeout(() => {
      this.retakeTimer = null;
      if (this.closed) return;
      this.openSession().then(
        (session) => {
          if (this.closed) return session.close();
          this.session = session;
          this.watch(session);
          if (this.poolId) this.take(session);
        },
        (error: unknown) => {
          this.log.warn(`job worker lock session not opened yet: ${error instanceof Error ? error.message : String(error)}`);
          if (!this.closed) this.reopenAfterPause();
        },
      );
    }, RETAKE_DELAY_MS);
  }
}
