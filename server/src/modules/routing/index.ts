export { arrivalContact, type Arrival } from './arrival';
export { ROUTING_ALERT_ROLES } from './routing-alerts';
export { queueDefinitionOf, refusalOf, type StoredQueue } from './routing-definitions';
export { ROUTER_TOOK_OVER, ROUTING_COMMITTED, ROUTING_REBUILT, ROUTING_RECONFIGURED, type RoutingCommitted, type RoutingRebuilt } from './routing.events';
export { RoutingModule } from './routing.module';
export { RoutingService, type RouterState } from './routing.service';
