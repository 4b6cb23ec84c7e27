import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { loadConfig } from '../../server/src/common/config/app-config';
import { createDatabaseIfMissing } from '../../server/src/common/database/database-location';
import { withDataSource } from '../../server/src/common/database/data-source';
import { startEmbeddedPostgres, withDatabase } from '../../server/src/common/database/embedded-postgres';
import { createHttpApp } from '../../server/src/common/http/http-app';
import { ROUTING_COMMITTED, RoutingCommitted, RoutingService } from '../../server/src/modules/routing/routing.service';
import { newSecret, hashSecret } from '../../server/src/common/auth/secrets';
import { cpuSince, sampleCpu } from './cpu-accounting';

export interface ServerRoutingFigures {
  serverArrivalsPerSec: number;
  serverP50Ms: number;
  serverP99Ms: number;
  serverArrivals: number;
  serverOffered: number;
  serverUnanswered: number;
  serverUnansweredCauses: Record<string, number>;
  serverAgents: number;
  serverTargetRate: number;
  serverDurationSec: number;
  serverWarmupSec: number;
  serverLoopMsPerArrival: number;
  serverLoopUtilisation: number;
  /** CPU time per answered arrival: the server's event loop, the load driver (and Node's helper threads), PostgreSQL. */
  serverCpuMsPerArrival: number;
  driverCpuMsPerArrival: number;
  postgresCpuMsPerArrival: number;
}

const trace = (stage: string) => {
  if (process.env.BENCH_TRACE) process.stderr.write(`[bench] ${stage}\n`);
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Arrivals through the real server on the embedded PostgreSQL: contacts are POSTed to the ingestion
 * API at a fixed open-loop rate while in-process agents accept, end and wrap up every offer they get.
 * Arrival-to-offer latency is the time from sending the POST to its answer, which comes only after the
 * contact and its offer are committed (the contact is offered in the same command when an agent is free).
 */
export async function runServerRoutingBenchmark(
  options: { agents?: number; rate?: number; durationSec?: number; warmupSec?: number } = {},
): Promise<ServerRoutingFigures> {
  const agents = options.agents ?? 600;
  const rate = options.rate ?? 500;
  const durationSec = options.durationSec ?? 10;
  // A server runs for a whole shift: the first seconds, while V8 still compiles the hot paths, are not measured.
  const warmupSec = options.warmupSec ?? 5;
  const postgres = await startEmbeddedPostgres({ dataDir: mkdtempSync(join(tmpdir(), 'callcentre-bench-pg-')), persistent: false });
  try {
    trace('postgres up');
    await createDatabaseIfMissing(postgres.serverUrl, 'bench');
    const url = withDatabase(postgres.serverUrl, 'bench');
    const apiKey = newSecret('cck');
    await withDataSource(url, async (dataSource) => {
      await dataSource.runMigrations({ transaction: 'each' });
      const [skill] = await dataSource.query(`INSERT INTO skills (code, name, kind) VALUES ('general', 'General', 'product') RETURNING id`);
      const [queue] = await dataSource.query(`INSERT INTO queues (code, name, wrap_up_seconds, offer_timeout_seconds) VALUES ('general', 'General', 0, 30) RETURNING id`);
      await dataSource.query(`INSERT INTO queue_skills (queue_id, skill_id, min_proficiency) VALUES ($1, $2, 1)`, [queue.id, skill.id]);
      await dataSource.query(
        `WITH staff AS (
           INSERT INTO users (username, display_name, roles) SELECT 'bench-agent-' || g, 'Bench agent ' || g, ARRAY['agent'] FROM generate_series(1, $1) g RETURNING id)
         INSERT INTO agents (user_id) SELECT id FROM staff`,
        [agents],
      );
      await dataSource.query(`INSERT INTO agent_skills (agent_id, skill_id, proficiency) SELECT user_id, $1, 3 FROM agents`, [skill.id]);
      await dataSource.query(`INSERT INTO api_keys (name, key_prefix, key_hash, scopes) VALUES ('bench pbx', $1, $2, ARRAY['ingest'])`, [apiKey.slice(0, 12), hashSecret(apiKey)]);
    });

    trace('data seeded');
    // One PBX key carries the whole load, so its rate limit must not be what a rate above the default measures.
    const ingestLimit = String(Math.max(1000, Math.ceil(rate)));
    const app = await createHttpApp({
      config: loadConfig({ LOG_LEVEL: 'silent', PORT: '0', HEARTBEAT_TIMEOUT_SECONDS: '600', INGEST_RATE_LIMIT: ingestLimit }),
      databaseUrl: url,
    });
    await app.listen(0, '127.0.0.1');
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    trace('server listening');
    const routing = app.get(RoutingService);
    for (const agentId of routing.core.agentIds()) await routing.dispatch({ type: 'login', agentId });

    trace('agents logged in');
    // Agents answer at once and hang up at once: the bench measures routing, not talk time.
    let offered = 0;
    app.get(EventEmitter2).on(ROUTING_COMMITTED, (batch: RoutingCommitted) => {
      for (const event of batch.events) {
        if (event.type !== 'contact.offered') continue;
        offered += 1;
        routing
          .dispatch([
            { type: 'accept', contactId: event.contactId, agentId: event.agentId, offerId: event.offerId },
            { type: 'end', contactId: event.contactId },
          ])
          .catch(() => undefined);
      }
    });

    type Driven = { latencies: number[]; failures: number; failureKinds: Record<string, number>; elapsedMs: number };
    const drive = (total: number) =>
      new Promise<Driven>((resolve, reject) => {
        const worker = new Worker(join(__dirname, 'arrival-driver.worker.js'), {
          workerData: { baseUrl, apiKey, rate, total, body: { channel: 'voice', caller: {}, queue: 'general' } },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    if (warmupSec > 0) {
      await drive(Math.round(rate * warmupSec));
      await routing.settled();
      trace('warmed up');
    }
    offered = 0;
    const loopBefore = performance.eventLoopUtilization();
    const cpuBefore = sampleCpu(postgres.port);
    const driven = await drive(Math.round(rate * durationSec));
    trace('all arrivals sent');
    const loop = performance.eventLoopUtilization(loopBefore);
    const cpu = cpuSince(cpuBefore, postgres.port);
    const latencies = driven.latencies;
    const failures = driven.failures;
    const elapsedSec = driven.elapsedMs / 1000;
    trace('all answers received');
    await routing.settled();
    trace('routing settled');
    await app.close();
    latencies.sort((a, b) => a - b);
    return {
      serverArrivalsPerSec: latencies.length / elapsedSec,
      serverP50Ms: percentile(latencies, 50),
      serverP99Ms: percentile(latencies, 99),
      serverArrivals: latencies.length,
      serverOffered: offered,
      // Arrivals the server could not take in time (connection refused or reset under overload), by cause.
      serverUnanswered: failures,
      serverUnansweredCauses: driven.failureKinds,
      serverAgents: agents,
      serverTargetRate: rate,
      serverDurationSec: durationSec,
      serverWarmupSec: warmupSec,
      // Busy time of the server's event loop per arrival (includes the in-process agents' accept and hang-up).
      serverLoopMsPerArrival: (loop.active / Math.max(1, latencies.length)),
      serverLoopUtilisation: loop.utilization,
      serverCpuMsPerArrival: cpu.serverMs / Math.max(1, latencies.length),
      driverCpuMsPerArrival: cpu.otherThreadsMs / Math.max(1, latencies.length),
      postgresCpuMsPerArrival: cpu.postgresMs / Math.max(1, latencies.length),
    };
  } finally {
    await postgres.stop();
  }
}
