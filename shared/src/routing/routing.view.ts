import type { RoutingEngine } from './routing-engine';

/**
 * The routing core as its readers see it: every query of `RoutingEngine` and none of its commands. Code outside
 * routing (live views, presence, statistics, explanations) holds this type, so a read can never change routing;
 * changes go to the routing service as `RoutingCommand` data.
 */
export type RoutingView = Pick<
  RoutingEngine,
  | 'settings'
  | 'nextDueAt'
  | 'getAgent'
  | 'isDisconnected'
  | 'getContact'
  | 'agentIds'
  | 'contactIds'
  | 'queueIds'
  | 'waitingCount'
  | 'explain'
  | 'snapshot'
  | 'agentRecordOf'
  | 'contactRecordOf'
  | 'engineRecord'
  | 'audit'
>;
