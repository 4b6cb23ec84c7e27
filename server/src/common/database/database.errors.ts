/** PostgreSQL codes of a database that is away for now: shutting down, starting, or the connection broke. */
const TRANSIENT_SQLSTATES = new Set([
  '57P01', // admin_shutdown (a fast or smart stop, pg_terminate_backend)
  '57P02', // crash_shutdown (an immediate stop, a crashed backend)
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '53300', // too_many_connections
]);

/** Node's codes of a server that cannot be reached or dropped the connection. */
const TRANSIENT_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What node-postgres says when a connection ended under a query or could not be made in time. */
const TRANSIENT_MESSAGE = /connection terminated|connection error|timeout exceeded when trying to connect|connection timeout|the database system is (starting up|shutting down|in recovery mode)|no longer holds the router lock/i;

/**
 * True for a failure that says the database is away for now (stopped, restarting, unreachable, the connection
 * broken), as opposed to a fault in the request or the code: the answer is 503 with Retry-After, and the same
 * request may succeed in a moment.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 4; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
    if (typeof candidate.code === 'string' && (TRANSIENT_SQLSTATES.has(candidate.code) || TRANSIENT_SOCKET_CODES.has(candidate.code))) return true;
    if (typeof candidate.message === 'string' && TRANSIENT_MESSAGE.test(candidate.message)) return true;
    // An AggregateError (every address refused the connection) carries its parts.
    if (Array.isArray(candidate.errors) && candidate.errors.some((part) => isTransientDatabaseError(part))) return true;
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}
