import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { RFM_CELL_SEGMENTS, VALUE_TIERS, type ValueRunView } from '@callcentre/shared';
import { ConfigError, loadConfig } from '../common/config/app-config';
import { withDataSource } from '../common/database/data-source';
import { locateDatabase } from '../common/database/database-location';
import { installJobSchema } from '../common/jobs/job-schema';
import { CustomerValueRepository } from '../modules/customer-value/customer-value.repository';
import { churnServiceOf } from '../modules/customer-value/churn.service';
import { ValueRunService } from '../modules/customer-value/value-runs.service';
import { isInstant } from '../modules/customer-value/dto/recompute.dto';

const USAGE = 'usage: crm:recompute [--as-of 2026-06-30T23:59:59+08:00]';

function asOfArgument(args: string[]): string | undefined {
  const index = args.indexOf('--as-of');
  if (index < 0) {
    if (args.length > 0) throw new UsageError(`unknown argument ${args[0]}`);
    return undefined;
  }
  const value = args[index + 1];
  if (!value || !isInstant(value)) throw new UsageError('--as-of takes an ISO 8601 date and time with an offset, such as 2026-06-30T23:59:59+08:00');
  return value;
}

class UsageError extends Error {}

function summary(run: ValueRunView): string {
  const counts = run.counts ?? {};
  const seconds = ((run.durationMs ?? 0) / 1000).toFixed(1);
  const lines = [`run ${run.id} ${run.status} in ${seconds} s (as of ${run.asOf})`];
  if (run.status !== 'completed') return [...lines, `error: ${run.error}`].join('\n');
  lines.push(`customers: ${counts.customers} (${counts.active} active, ${counts.inactive} without a purchase in the period)`);
  lines.push(`tiers: ${VALUE_TIERS.map((tier) => `${tier} ${counts[`tier.${tier}`] ?? 0}`).join(', ')}`);
  lines.push(`effective tiers (with overrides): ${VALUE_TIERS.map((tier) => `${tier} ${counts[`effectiveTier.${tier}`] ?? 0}`).join(', ')}`);
  for (const [cell, segment] of Object.entries(RFM_CELL_SEGMENTS)) lines.push(`  R/F/M ${cell.padEnd(14)} ${segment.padEnd(20)} ${counts[`segment.${segment}`] ?? 0}`);
  return lines.join('\n');
}

/** `npm run crm:recompute -- [--as-of …]`: one value run now, on DATABASE_URL or the embedded PostgreSQL. */
async function main(args: string[]): Promise<void> {
  const asOfText = asOfArgument(args);
  const config = loadConfig();
  Logger.overrideLogger(['error']);
  const database = await locateDatabase(config);
  try {
    await withDataSource(database.url, async (dataSource) => {
      await dataSource.runMigrations({ transaction: 'each' });
      // A run first fails the queued runs whose job stopped, read from the job queue's own schema.
      await installJobSchema(database.url);
      const runs = new ValueRunService(new CustomerValueRepository(dataSource), config, new EventEmitter2(), churnServiceOf(dataSource));
      const started = Date.now();
      const say = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
      const run = await runs.start({ asOf: runs.asOfOf(asOfText), trigger: 'command_line' }, say);
      process.stdout.write(`${summary(run)}\n`);
      if (run.status !== 'completed') process.exitCode = 1;
    });
  } finally {
    await database.release();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const prefix = error instanceof ConfigError ? 'Invalid configuration: ' : '';
  process.stderr.write(`${prefix}${error instanceof Error ? error.message : String(error)}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
