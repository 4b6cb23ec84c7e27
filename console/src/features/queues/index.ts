export { fetchQueues, type Queue } from './api/queues-api';
export { QueueBoard, type QueueBoardProps } from './components/QueueBoard';
export { QueueTile, type QueueTileProps } from './components/QueueTile';
export { QUEUES_REFRESH_MS, useQueues } from './hooks/useQueues';
export { AT_RISK_MARGIN_POINTS, byPriorityThenName, serviceLevelTone } from './service-level';
