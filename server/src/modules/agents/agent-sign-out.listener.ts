import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SIGNED_OUT, type SignedOut } from '../auth';
import { RoutingService } from '../routing';

/**
 * Signing out of the console logs the agent out of routing, so a signed-out agent is never counted as staffing
 * a queue. Not while another desk of theirs is in use (a session whose access token is still fresh), and not
 * while they hold a contact: that contact stays theirs under the disconnect grace, and supervisors see it flagged.
 */
@Injectable()
export class AgentSignOutListener {
  private readonly logger = new Logger(AgentSignOutListener.name);

  constructor(private readonly routing: RoutingService) {}

  @OnEvent(SIGNED_OUT, { promisify: true })
  async logOutOfRouting(event: SignedOut): Promise<void> {
    // The sign-out itself has happened: nothing here may turn it into an error.
    try {
      if (!this.routing.active) return;
      const agent = this.routing.core.getAgent(event.userId);
      if (!agent || agent.presence === 'offline') return;
      if (Object.values(agent.heldByChannel).some((held) => held > 0)) return;
      if (event.otherDeskInUse) return;
      await this.routing.dispatch({ type: 'logout', agentId: event.userId, by: { kind: 'agent', id: event.userId } });
    } catch (error) {
      // A contact offered meanwhile keeps the agent in.
      this.logger.warn(`agent ${event.userId} signed out but stays logged in to routing: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
