/**
 * `npm run bench:routing [-- --json]`: the routing core alone (5,000 agents, 200 skills, 50 queues,
 * 20,000 waiting contacts) and arrivals through the server with PostgreSQL.
 * Server options: --rate R (arrivals/s, 500), --duration S (measured seconds, 10), --warmup S (unmeasured seconds
 * first, 5), --agents N (600); --core-only skips the server; --core-module PATH measures the core exported by another
 * copy's index.ts (see routing-core.ts).
 */
import { runServerRoutingBenchmark } from './routing-server';

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const skipServer = process.argv.includes('--core-only');
  // The core benchmark lives beside this file; loaded lazily so --help stays instant.
  const { loadRoutingEngine, runCoreRoutingBenchmark } = await import('./routing-core');
  const core = runCoreRoutingBenchmark({ engine: await loadRoutingEngine(process.argv) });
  const option = (name: string) => {
    const index = process.argv.indexOf(name);
    return index > 0 ? Number(process.argv[index + 1]) : undefined;
  };
  const server = skipServer ? null : await runServerRoutingBenchmark({ rate: option('--rate'), durationSec: option('--duration'), agents: option('--agents'), warmupSec: option('--warmup') });
  const figures = { ...core, ...(server ?? {}) };
  if (json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const lines = [
    `core: ${Math.round(core.coreDecisionsPerSec).toLocaleString('en')} decisions/s, p50 ${core.coreP50Ms.toFixed(4)} ms, p99 ${core.coreP99Ms.toFixed(4)} ms`,
    ...(server
      ? [
          `server: ${server.serverArrivalsPerSec.toFixed(0)} arrivals/s sustained (target ${server.serverTargetRate}/s for ${server.serverDurationSec} s, ${server.serverAgents} agents), arrival-to-offer p50 ${server.serverP50Ms.toFixed(1)} ms, p99 ${server.serverP99Ms.toFixed(1)} ms, ${server.serverUnanswered} arrivals unanswered`,
        ]
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
