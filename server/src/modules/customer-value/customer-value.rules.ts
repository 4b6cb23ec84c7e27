import { DEFAULT_PYRAMID_CUTS, type ValueTier } from '@callcentre/shared';
import { type AppConfig, ConfigError } from '../../common/config/app-config';

/** The rules of a value run; each is a setting (docs/customer-value.md), stored with every run as its parameters. */
export interface ValueRules {
  /** Purchases with asOf − periodDays < occurred_at ≤ asOf count. */
  readonly periodDays: number;
  /** Shares of all customers, ranked by money spent, that end each tier: rank ≤ ceil(share × customers). */
  readonly pyramidCuts: Readonly<Record<Exclude<ValueTier, 'small'>, number>>;
  /** PostgreSQL work_mem for the run's transaction. */
  readonly workMem: string;
  /** The centre's local time of the nightly run (HH:MM) and its time zone. */
  readonly nightlyAt: string;
  readonly timeZone: string;
}

/** The defaults, in one place: a year of purchases, the 1 % / 20 % / 50 % pyramid, nightly at 02:30 local time. */
export const DEFAULT_VALUE_RULES: ValueRules = {
  periodDays: 365,
  pyramidCuts: DEFAULT_PYRAMID_CUTS,
  workMem: '256MB',
  nightlyAt: '02:30',
  timeZone: 'UTC',
};

/** The rules as configured (CUSTOMER_VALUE_* and CENTRE_TIME_ZONE); throws a ConfigError for cuts out of order. */
export function valueRulesOf(config: AppConfig): ValueRules {
  const [important, secondary, ordinary] = config.CUSTOMER_VALUE_PYRAMID_CUTS.split(',').map((share) => Number(share.trim()));
  if (!(important <= secondary && secondary <= ordinary)) {
    throw new ConfigError('CUSTOMER_VALUE_PYRAMID_CUTS must be in increasing order: important, secondary, ordinary (such as 0.01,0.2,0.5)');
  }
  return {
    periodDays: config.CUSTOMER_VALUE_PERIOD_DAYS,
    pyramidCuts: { important, secondary, ordinary },
    workMem: config.CUSTOMER_VALUE_WORK_MEM,
    nightlyAt: config.CUSTOMER_VALUE_NIGHTLY_AT,
    timeZone: config.CENTRE_TIME_ZONE,
  };
}
