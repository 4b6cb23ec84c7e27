import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU counters (USER_HZ; 100 on Linux everywhere Node runs). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a /proc stat line, in ms; null when the process or thread is gone. */
function statCpuMs(path: string): number | null {
  try {
    const stat = readFileSync(path, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function parentOf(pid: string): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  } catch {
    return null;
  }
}

/** The postmaster listening on `port` and its children (backends, WAL writer, checkpointer...). */
function postgresPids(port: number): string[] {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const postmaster = pids.find((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('-p');
      return args[0].endsWith('postgres') && at >= 0 && args[at + 1] === String(port);
    } catch {
      return false;
    }
  });
  if (!postmaster) return [];
  return [postmaster, ...pids.filter((pid) => parentOf(pid) === postmaster)];
}

export interface CpuSample {
  /** This process's main thread: the server's event loop. */
  serverMs: number;
  /** This process's other threads: the load driver's worker, libuv's pool, V8's helpers. */
  otherThreadsMs: number;
  /** The embedded PostgreSQL's processes alive now (ended backends are not counted). */
  postgresMs: number;
}

/** CPU used so far by the server's event loop, the rest of this process, and PostgreSQL on `postgresPort`. */
export function sampleCpu(postgresPort: number): CpuSample {
  const usage = process.cpuUsage();
  const processMs = (usage.user + usage.system) / 1000;
  const serverMs = statCpuMs(`/proc/self/task/${process.pid}/stat`) ?? 0;
  const postgresMs = postgresPids(postgresPort).reduce((sum, pid) => sum + (statCpuMs(`/proc/${pid}/stat`) ?? 0), 0);
  return { serverMs, otherThreadsMs: Math.max(0, processMs - serverMs), postgresMs };
}

export function cpuSince(before: CpuSample, postgresPort: number): CpuSample {
  const now = sampleCpu(postgresPort);
  return { serverMs: now.serverMs - before.serverMs, otherThreadsMs: now.otherThreadsMs - before.otherThreadsMs, postgresMs: now.postgresMs - before.postgresMs };
}
