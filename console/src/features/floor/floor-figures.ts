import { AGENT_STATES, type AgentState, type QueueLiveStatistics } from '@callcentre/shared';

export type WaitTone = 'good' | 'warning' | 'critical' | 'neutral';

/** The oldest wait against its queue's threshold: within it good, up to twice it a warning, beyond critical. */
export function waitTone(waitSeconds: number | null, thresholdSeconds: number): WaitTone {
  if (waitSeconds === null) return 'neutral';
  if (waitSeconds <= thresholdSeconds) return 'good';
  return waitSeconds <= 2 * thresholdSeconds ? 'warning' : 'critical';
}

export interface FloorSummary {
  waiting: number;
  /** The longest wait on the floor and the threshold of the queue it is in. */
  oldest: { seconds: number; thresholdSeconds: number; queueName: string } | null;
  agentsByState: Record<AgentState, number>;
  /** Service level over the rolling window, all queues together: answered in time over answered (each queue's threshold). */
  serviceLevel: number | null;
  targetPercent: number | null;
}

/** The figures at the top of the floor, from the live queue figures and the agents' states. */
export function floorSummary(queues: readonly QueueLiveStatistics[], agentStates: readonly AgentState[]): FloorSummary {
  const agentsByState = Object.fromEntries(AGENT_STATES.map((state) => [state, 0])) as Record<AgentState, number>;
  for (const state of agentStates) agentsByState[state] += 1;
  let waiting = 0;
  let oldest: FloorSummary['oldest'] = null;
  let answered = 0;
  let inTime = 0;
  let weightedTarget = 0;
  for (const queue of queues) {
    waiting += queue.waitingCount;
    if (queue.longestWaitSeconds !== null && (!oldest || queue.longestWaitSeconds > oldest.seconds)) {
      oldest = { seconds: queue.longestWaitSeconds, thresholdSeconds: queue.serviceLevel.thresholdSeconds, queueName: queue.name };
    }
    answered += queue.rolling.answered;
    inTime += queue.rolling.answeredWithinThreshold;
    weightedTarget += queue.serviceLevel.targetPercent * queue.rolling.answered;
  }
  return {
    waiting,
    oldest,
    agentsByState,
    serviceLevel: answered > 0 ? inTime / answered : null,
    targetPercent: answered > 0 ? weightedTarget / answered : queues.length > 0 ? Math.max(...queues.map((queue) => queue.serviceLevel.targetPercent)) : null,
  };
}
