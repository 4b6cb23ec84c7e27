export { fetchQueues, type Queue } from './api/queues-api';
export { QUEUES_REFRESH_MS, useQueues } from './hooks/useQueues';
export { AT_RISK_MARGIN_POINTS, byPriorityThenName, serviceLevelTone } from './service-level';
