export * from './routing.types';
export * from './routing.events';
export * from './routing.commands';
export * from './routing.errors';
export {
  DEFAULT_ROUTING_POLICY,
  DEFAULT_SERVICE_LEVEL,
  DEFAULT_OFFER_TIMEOUT_SECONDS,
  DEFAULT_WRAP_UP_SECONDS,
  resolvePolicy,
  mergePolicyOverrides,
  normalizeQueue,
  requirementsByStep,
  staticPriority,
  orderingKey,
  agingRatePerMs,
  type QueueSettings,
  type RoutingPolicyOverrides,
  type RoutingPolicyChange,
} from './routing.policy';
export { RoutingEngine, type RoutingEngineOptions, type ExplainOptions } from './routing-engine';
export type { RoutingView } from './routing.view';
