export { type KpiBand, kpiBand, kpiOutside, kpiValueOf } from './kpi-band';
export {
  type DayForecast,
  FORECAST_METHOD,
  type ForecastHistoryDay,
  type ForecastOptions,
  type ForecastSlot,
  type SlotForecast,
  dayTypeOf,
  forecastDay,
  meanAbsolutePercentageError,
  recentLevel,
} from './forecast';
export { addLocalDays, localIntervalStarts, localLabelOf } from './local-intervals';
export { type CoveringShift, scheduledPerInterval } from './schedule-coverage';
