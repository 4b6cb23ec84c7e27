export { floorApi } from './api/floor-api';
export { AgentDay } from './components/AgentDay';
export { FloorSummaryBar } from './components/FloorSummaryBar';
export { QueueDrillDown } from './components/QueueDrillDown';
export { WallTv, WALL_CYCLE_MS } from './components/WallTv';
export { floorSummary, waitTone, type FloorSummary } from './floor-figures';
export { useFloorTranslation } from './i18n';
