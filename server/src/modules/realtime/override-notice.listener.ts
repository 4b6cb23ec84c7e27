import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AGENT_STATE_OVERRIDDEN, type AgentStateOverridden } from '../agents';
import { RealtimeService } from './realtime.service';

/** Tells the agent's desks that a supervisor changed their state: who, and to what. */
@Injectable()
export class OverrideNoticeListener {
  constructor(private readonly realtime: RealtimeService) {}

  @OnEvent(AGENT_STATE_OVERRIDDEN)
  notify({ agentId, ...notice }: AgentStateOverridden): void {
    this.realtime.toAgent(agentId, 'agent:override', notice);
  }
}
