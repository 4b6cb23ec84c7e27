import type { AgentOverrideDelta } from '@callcentre/shared';

/** A supervisor changed an agent's state; emitted after the change is committed and audited. */
export const AGENT_STATE_OVERRIDDEN = 'agents.state-overridden';

export interface AgentStateOverridden extends AgentOverrideDelta {
  readonly agentId: string;
}
