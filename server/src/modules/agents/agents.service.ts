import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Actor, AgentView, Channel, DEFAULT_CHANNEL_CAPACITY, NotReadyReason } from '@callcentre/shared';
import { AuthenticatedUser } from '../../common/auth';
import { DomainError } from '../../common/http/domain-error';
import { AuditService } from '../audit';
import { RoutingService } from '../routing';
import { AGENT_STATE_OVERRIDDEN, type AgentStateOverridden } from './agent-state-overridden.event';
import { AgentsRepository } from './agents.repository';
import { ChannelCapacityDto } from './dto/agent-capacity.dto';
import { RequestedAgentState } from './dto/agent-state.dto';
import { UpdateAgentSkillsDto } from './dto/agent-skills.dto';
import { CreateAgentDto } from './dto/create-agent.dto';

export interface AgentSummary {
  id: string;
  username: string;
  displayName: string;
  teamLeadId: string | null;
  teamId: string | null;
  teamName: string | null;
  languages: string[];
  skills: Record<string, number>;
  capacity: Record<string, number>;
  /** Live routing state: state, reason, contacts, offer, time in state. */
  live: AgentView | null;
}

const agentErrors = {
  unknown: (agentId: string) => new DomainError('AGENT_NOT_FOUND', `agent '${agentId}' does not exist`, 404, { agentId }),
  reasonRequired: () => new DomainError('REASON_REQUIRED', 'Choose a not-ready reason (break, lunch, training, meeting)', 400),
  unknownSkills: (skills: string[]) => new DomainError('SKILL_NOT_FOUND', `skill(s) ${skills.map((s) => `'${s}'`).join(', ')} do not exist`, 404, { skills }),
};

/** Agents' presence and skills: the agent's own state changes, supervisors' overrides, skill edits. */
@Injectable()
export class AgentsService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly routing: RoutingService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  async list(): Promise<AgentSummary[]> {
    const rows = await this.agents.list();
    return rows.map((row) => ({
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      teamLeadId: row.team_lead_id,
      teamId: row.team_id,
      teamName: row.team_name,
      languages: row.languages,
      skills: row.skills ?? {},
      capacity: row.capacity,
      live: this.routing.core.getAgent(row.user_id) ?? null,
    }));
  }

  async get(agentId: string): Promise<AgentSummary> {
    const agent = (await this.list()).find((candidate) => candidate.id === agentId);
    if (!agent) throw agentErrors.unknown(agentId);
    return agent;
  }

  /** The agent's own request, or a supervisor's override (audited with who did it). */
  async changeState(agentId: string, state: RequestedAgentState, reason: NotReadyReason | undefined, by: AuthenticatedUser): Promise<AgentView> {
    // A standby's core is empty: say why it cannot act (503) rather than that the agent is unknown.
    await this.routing.whenActive();
    if (!this.routing.core.getAgent(agentId)) throw agentErrors.unknown(agentId);
    if (state === 'not_ready' && !reason) throw agentErrors.reasonRequired();
    const self = by.id === agentId;
    const actor: Actor = self ? { kind: 'agent', id: agentId } : { kind: 'supervisor', id: by.id };
    const before = this.routing.core.getAgent(agentId);
    // Logging in does nothing for an agent already in, and after it the state asked for is already in force.
    await this.routing.dispatch(
      state === 'offline'
        ? { type: 'logout', agentId, by: actor }
        : [
            { type: 'login', agentId, by: actor, ...(state === 'not_ready' ? { notReadyReason: reason } : {}) },
            state === 'available' ? { type: 'set_available', agentId, by: actor } : { type: 'set_not_ready', agentId, reason: reason as NotReadyReason, by: actor },
          ],
    );
    const after = this.routing.core.getAgent(agentId) as AgentView;
    if (!self) {
      await this.audit.record({
        actor: { kind: 'user', id: by.id, username: by.username },
        action: 'agent.state_forced',
        target: { type: 'agent', id: agentId },
        details: { requested: state, reason: reason ?? null, from: before?.state ?? null, to: after.state, pending: after.pendingNotReady },
      });
      // The agent's desk says who changed their state and to what (after the audit, so nothing unrecorded is announced).
      const overridden: AgentStateOverridden = {
        agentId,
        by: { id: by.id, displayName: by.displayName },
        requested: state,
        reason: state === 'not_ready' ? (reason ?? null) : null,
        pending: state === 'not_ready' && after.state !== 'not_ready' && after.pendingNotReady !== null,
        agent: after,
      };
      this.events.emit(AGENT_STATE_OVERRIDDEN, overridden);
    }
    return after;
  }

  /** Ends after-contact work for the agent's contact in wrap-up (or all of them). */
  async finishWrapUp(agentId: string, by: Actor, contactId?: string): Promise<AgentView> {
    await this.routing.whenActive();
    await this.routing.dispatch({ type: 'end_wrap_up', agentId, contactId, by });
    return this.routing.core.getAgent(agentId) as AgentView;
  }

  /** Makes a user with the agent role routable (offline until they sign in and go available). */
  async create(input: CreateAgentDto, by: AuthenticatedUser): Promise<AgentSummary> {
    this.routing.assertActive();
    const roles = await this.agents.rolesOfUser(input.userId);
    if (!roles) throw new DomainError('USER_NOT_FOUND', `user '${input.userId}' does not exist`, 404, { userId: input.userId });
    if (!roles.includes('agent')) throw new DomainError('NOT_AN_AGENT', 'Give the user the agent role first', 409, { userId: input.userId });
    if (await this.agents.exists(input.userId)) throw new DomainError('AGENT_EXISTS', 'This user is already an agent', 409, { userId: input.userId });
    const capacity = input.capacity ? { voice: input.capacity.voice, chat: input.capacity.chat, email: input.capacity.email, ticket: input.capacity.ticket } : DEFAULT_CHANNEL_CAPACITY;
    await this.agents.insert(input.userId, capacity);
    try {
      return await this.updateSkills(input.userId, input, by);
    } catch (error) {
      // Saved but not applied yet: the agent exists, as the answer says.
      if (!(error instanceof DomainError && error.code === 'CHANGE_SAVED_NOT_APPLIED')) await this.agents.remove(input.userId);
      throw error;
    }
  }

  /**
   * Replaces the agent's skills and languages. The audit entry's `before` is read in the same transaction, with the
   * agent's row locked, so that of two changes crossing each records the other's result as its previous value.
   */
  async updateSkills(agentId: string, input: UpdateAgentSkillsDto, by: AuthenticatedUser): Promise<AgentSummary> {
    this.routing.assertActive();
    const skills = await this.agents.skills();
    const idByCode = new Map(skills.map((skill) => [skill.code, skill.id]));
    const unknown = input.skills.map((s) => s.skill).filter((code) => !idByCode.has(code));
    if (unknown.length > 0) throw agentErrors.unknownSkills(unknown);
    await this.agents.transaction(async (manager) => {
      const before = await this.agents.lockSkills(manager, agentId);
      if (!before) throw agentErrors.unknown(agentId);
      const skillIds = input.skills.map((skill) => ({ skillId: idByCode.get(skill.skill) as string, proficiency: skill.proficiency }));
      await this.agents.replaceSkills(manager, agentId, skillIds, [...new Set(input.languages)]);
      await this.audit.record(
        {
          actor: { kind: 'user', id: by.id, username: by.username },
          action: 'agent.skills_changed',
          target: { type: 'agent', id: agentId },
          details: { before: { skills: before.skills ?? {}, languages: before.languages }, after: { skills: Object.fromEntries(input.skills.map((s) => [s.skill, s.proficiency])), languages: input.languages } },
        },
        manager,
      );
    });
    await this.routing.applyStoredConfiguration();
    return this.get(agentId);
  }

  /**
   * Replaces the agent's capacity per channel and applies it to routing at once. Lowered below what the agent
   * holds, nothing is taken away: the agent keeps every contact, is offered nothing more on that channel, and the
   * core refuses to make them available (409 with their state) until they are back under it.
   */
  async updateCapacity(agentId: string, input: ChannelCapacityDto, by: AuthenticatedUser): Promise<AgentSummary> {
    this.routing.assertActive();
    const capacity: Record<Channel, number> = { voice: input.voice, chat: input.chat, email: input.email, ticket: input.ticket };
    await this.agents.transaction(async (manager) => {
      // Read with the row locked: of two changes crossing, each audits the other's result as its previous value.
      const before = await this.agents.lockCapacity(manager, agentId);
      if (!before) throw agentErrors.unknown(agentId);
      await this.agents.setCapacity(manager, agentId, capacity);
      await this.audit.record(
        { actor: { kind: 'user', id: by.id, username: by.username }, action: 'agent.capacity_changed', target: { type: 'agent', id: agentId }, details: { before, after: capacity } },
        manager,
      );
    });
    // Stored: the answer shows it, also when routing applies it by a rebuild (see applyStoredConfiguration).
    await this.routing.applyStoredConfiguration();
    return this.get(agentId);
  }
}
