export * from './business-calendar';
export * from './working-time';
export * from './complaint-deadline';
export {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  type PlainDate,
  formatPlainDate,
  parsePlainDate,
  plainDateOf,
  localToEpoch,
} from './time-zone';
