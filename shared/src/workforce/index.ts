export { type ArrivalRate, SECONDS_PER_HOUR, WorkforceInputError } from './workforce.errors';
export {
  type ErlangCFigures,
  type ErlangCInput,
  type ErlangCTargets,
  TARGET_TOLERANCE,
  erlangB,
  erlangC,
  erlangCAgentsNeeded,
  erlangCFigures,
  logErlangB,
} from './erlang-c';
export {
  type ErlangAFigures,
  type ErlangAInput,
  type ErlangATargets,
  SERVICE_LEVEL_BASES,
  type ServiceLevelBasis,
  erlangAAgentsNeeded,
  erlangAFigures,
} from './erlang-a';
export {
  STAFFING_MODELS,
  type StaffingForecast,
  type StaffingModel,
  type StaffingRecommendation,
  type StaffingRow,
  recommendStaffing,
  staffingTable,
} from './staffing';
