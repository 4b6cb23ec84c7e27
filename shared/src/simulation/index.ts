export { EventQueue } from './event-queue';
export { RandomStreams, Xoshiro128, hash32, splitmix32 } from './random';
export {
  DEFAULT_SCENARIO_START,
  DEFAULT_SHORT_ABANDON_SECONDS,
  MAX_SCENARIO_AGENTS,
  ScenarioError,
  parseScenario,
  type DurationDistribution,
  type PatienceDistribution,
  type ResolvedAgent,
  type ResolvedQueue,
  type ResolvedScenario,
  type Scenario,
  type ScenarioAgentGroup,
  type ScenarioArrivals,
  type ScenarioBreak,
  type ScenarioIssue,
  type ScenarioQueue,
  type ScenarioShift,
  type ScenarioTime,
} from './scenario';
export { runSimulation, sampleMs, type SimulatedQueueReport, type SimulationOptions, type SimulationReport } from './simulator';
export { formatSimulationReport } from './report-text';
