/** The job that computes a value run recorded on demand. */
export const RECOMPUTE_JOB = 'customer-value:recompute';

/** Its key names the run, so the run's job can be found (and a run is queued once). */
export const RECOMPUTE_JOB_KEY_PREFIX = `${RECOMPUTE_JOB}:`;
export const recomputeJobKey = (runId: string | number): string => `${RECOMPUTE_JOB_KEY_PREFIX}${runId}`;
