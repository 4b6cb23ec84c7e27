export { AGENT_STATE_OVERRIDDEN, type AgentStateOverridden } from './agent-state-overridden.event';
export type { AgentEntity } from './agent.entity';
export { AgentsModule } from './agents.module';
export { AgentsService } from './agents.service';
export { REQUESTED_AGENT_STATES } from './dto/agent-state.dto';
export { PresenceService } from './presence.service';
