import { Inject, Injectable } from '@nestjs/common';
import { startOfLocalDay, type AgentDayResponse, type AgentState } from '@callcentre/shared';
import { hasRole, type AuthenticatedUser } from '../../common/auth';
import type { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { DomainError } from '../../common/http/domain-error';
import { RoutingService } from '../routing';
import { secondsByState, stateSpans } from './agent-day';
import { AgentsRepository } from './agents.repository';

const ms = (value: Date | null) => (value === null ? null : new Date(value).getTime());

/** An agent's day so far, for the supervisor's floor: states over the day, contacts, handle times. */
@Injectable()
export class AgentDayService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly routing: RoutingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Supervisors read every agent's day; a team lead only that of the agents in their team. */
  async today(agentId: string, viewer: AuthenticatedUser): Promise<AgentDayResponse> {
    const agent = (await this.agents.list()).find((row) => row.user_id === agentId);
    if (!agent) throw new DomainError('AGENT_NOT_FOUND', `agent '${agentId}' does not exist`, 404, { agentId });
    if (!hasRole(viewer, 'supervisor') && agent.team_lead_id !== viewer.id) {
      throw new DomainError('NOT_YOUR_TEAM', 'A team lead sees the day of the agents in their team only', 403, { agentId });
    }
    const timeZone = this.config.CENTRE_TIME_ZONE;
    const now = this.routing.now();
    const from = startOfLocalDay(now, timeZone);
    const to = startOfLocalDay(from + 26 * 3_600_000, timeZone);
    const [changes, contacts] = await Promise.all([this.agents.stateChanges(agentId, new Date(from), new Date(to)), this.agents.contactsOf(agentId, new Date(from), new Date(to))]);
    const states = stateSpans(
      changes.map((row) => ({ at: new Date(row.at).getTime(), to: row.payload.to as AgentState, reason: row.payload.reason ?? null })),
      from,
      Math.min(now, to),
    );
    const handled = contacts.filter((row) => row.handle_seconds !== null);
    const rated = contacts.filter((row) => row.satisfaction !== null);
    return {
      agentId,
      timeZone,
      from,
      to,
      states,
      secondsByState: secondsByState(states),
      contacts: contacts.map((row) => ({
        id: row.id,
        channel: row.channel,
        queueName: row.queue_name,
        status: row.status,
        arrivedAt: new Date(row.arrived_at).getTime(),
        answeredAt: ms(row.answered_at),
        waitSeconds: row.wait_seconds,
        handleSeconds: row.handle_seconds,
        disposition: row.disposition,
        satisfaction: row.satisfaction,
      })),
      handled: handled.length,
      ahtSeconds: handled.length ? handled.reduce((sum, row) => sum + (row.handle_seconds ?? 0), 0) / handled.length : null,
      satisfaction: { answered: rated.length, average: rated.length ? rated.reduce((sum, row) => sum + (row.satisfaction ?? 0), 0) / rated.length : null },
    };
  }
}
