import { ConfigError, loadConfig } from '../../common/config/app-config';
import { DEFAULT_VALUE_RULES, valueRulesOf } from './customer-value.rules';

describe('value run settings', () => {
  it('default to a year of purchases, the 1 % / 20 % / 50 % pyramid and 02:30 at night', () => {
    const rules = valueRulesOf(loadConfig({ CENTRE_TIME_ZONE: 'UTC' }));
    expect(rules).toEqual({ ...DEFAULT_VALUE_RULES, timeZone: 'UTC' });
  });

  it('take each setting from the environment', () => {
    const rules = valueRulesOf(
      loadConfig({ CUSTOMER_VALUE_PERIOD_DAYS: '180', CUSTOMER_VALUE_PYRAMID_CUTS: '0.05, 0.25,0.6', CUSTOMER_VALUE_NIGHTLY_AT: '23:05', CENTRE_TIME_ZONE: 'Asia/Shanghai' }),
    );
    expect(rules).toMatchObject({ periodDays: 180, pyramidCuts: { important: 0.05, secondary: 0.25, ordinary: 0.6 }, nightlyAt: '23:05', timeZone: 'Asia/Shanghai' });
  });

  it.each([
    [{ CUSTOMER_VALUE_NIGHTLY_AT: '2:30' }, 'CUSTOMER_VALUE_NIGHTLY_AT must be a time of day as HH:MM'],
    [{ CUSTOMER_VALUE_NIGHTLY_AT: '24:00' }, 'CUSTOMER_VALUE_NIGHTLY_AT must be a time of day as HH:MM'],
    [{ CUSTOMER_VALUE_PERIOD_DAYS: '0' }, 'CUSTOMER_VALUE_PERIOD_DAYS must be between 1 and 3650'],
    [{ CUSTOMER_VALUE_PYRAMID_CUTS: '0.01,0.2' }, 'CUSTOMER_VALUE_PYRAMID_CUTS must be three shares between 0 and 1'],
    [{ CUSTOMER_VALUE_WORK_MEM: 'lots' }, 'CUSTOMER_VALUE_WORK_MEM must be a PostgreSQL memory size'],
    [{ JOBS_WORKER: 'maybe' }, 'JOBS_WORKER must be on or off'],
  ])('refuses %p naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses cut points out of order', () => {
    expect(() => valueRulesOf(loadConfig({ CUSTOMER_VALUE_PYRAMID_CUTS: '0.2,0.01,0.5' }))).toThrow(ConfigError);
  });
});
