/**
 * `npm run simulate -- --scenario <file> [--json] [--seed N]`: runs a scenario (see
 * shared/src/simulation/scenario.ts for the schema; examples in shared/src/simulation/scenarios/) on the routing core
 * and prints per-queue figures, or the whole report as JSON with --json. A relative path is taken from the
 * repository root (or, failing that, the current folder). Exit code 2 for a bad command line or scenario (each problem printed with its path).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ScenarioError, formatSimulationReport, parseScenario, runSimulation } from '../../shared/src/simulation';

const REPOSITORY_ROOT = join(__dirname, '..', '..');
const USAGE = 'usage: npm run simulate -- --scenario <file.json> [--json] [--seed N]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { scenario: string; json: boolean; seed?: number } {
  let scenario: string | undefined;
  let json = false;
  let seed: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? fail(`${name} needs a value\n${USAGE}`);
    if (name === '--scenario') scenario = value();
    else if (name === '--json') json = true;
    else if (name === '--seed') {
      const text = value();
      const parsed = Number(text);
      if (!/^\d+$/.test(text) || parsed > 0xffffffff) fail(`--seed must be a whole number 0 to 4294967295, not ${text}`);
      seed = parsed;
    } else if (name === '--help' || name === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown option ${arg}\n${USAGE}`);
  }
  if (!scenario) fail(`--scenario is required\n${USAGE}`);
  return { scenario, json, seed };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const candidates = isAbsolute(args.scenario) ? [args.scenario] : [resolve(REPOSITORY_ROOT, args.scenario), resolve(process.cwd(), args.scenario)];
  const path = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`cannot read scenario ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let scenario;
  try {
    scenario = parseScenario(document);
  } catch (error) {
    if (error instanceof ScenarioError) fail(`${path}: ${error.message}`);
    throw error;
  }
  const started = performance.now();
  const report = runSimulation(scenario, { seed: args.seed });
  const wallSeconds = (performance.now() - started) / 1000;
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ...report, wallSeconds }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${formatSimulationReport(report)}\n`);
  process.stdout.write(`simulated in ${wallSeconds.toFixed(2)} s wall time (${Math.round(report.arrivals / wallSeconds).toLocaleString('en')} contacts/s)\n`);
}

main();
