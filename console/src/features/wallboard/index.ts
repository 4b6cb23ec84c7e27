/** The supervisor wallboard: live queue tiles, the last hour's trend, agents, alerts and complaint deadlines. */
export { AgentsTable } from './components/AgentsTable';
export { AlertsPanel } from './components/AlertsPanel';
export { ComplaintDeadlinesPanel } from './components/ComplaintDeadlinesPanel';
export { LiveAlertsPanel } from './components/LiveAlertsPanel';
export { LiveQueueTile } from './components/LiveQueueTile';
export { QueueTrendChart } from './components/QueueTrendChart';
export { useSeededSeries } from './hooks/useSeededSeries';
export { useCallTimes, type TileCallTimes } from './hooks/useCallTimes';
export { EmailBacklogPanel } from './components/EmailBacklogPanel';
