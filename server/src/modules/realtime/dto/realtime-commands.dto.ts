import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { SETTABLE_NOT_READY_REASONS, type AgentStateCommand, type AlertCommand, type ContactCommand, type OfferCommand, type WrapUpCommand } from '@callcentre/shared';
import { REQUESTED_AGENT_STATES } from '../../agents';

/** `agent:state`: the same rules as PUT /api/agents/me/state. */
export class AgentStateCommandDto implements AgentStateCommand {
  @IsIn(REQUESTED_AGENT_STATES, { message: `state must be one of ${REQUESTED_AGENT_STATES.join(', ')}` })
  state!: AgentStateCommand['state'];

  @IsOptional()
  @IsIn(SETTABLE_NOT_READY_REASONS, { message: `reason must be one of ${SETTABLE_NOT_READY_REASONS.join(', ')}` })
  reason?: AgentStateCommand['reason'];
}

/** `offer:accept`, `offer:reject`. */
export class OfferCommandDto implements OfferCommand {
  @IsUUID('all', { message: 'interactionId must be a UUID' })
  interactionId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  offerId?: string;
}

/** `contact:end`. */
export class ContactCommandDto implements ContactCommand {
  @IsUUID('all', { message: 'interactionId must be a UUID' })
  interactionId!: string;
}

/** `wrapup:finish`: the same disposition rule as POST /api/interactions/:id/wrap-up. */
export class WrapUpCommandDto implements WrapUpCommand {
  @IsUUID('all', { message: 'interactionId must be a UUID' })
  interactionId!: string;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'disposition must be a lower-case code such as resolved' })
  disposition?: string;
}

/** `alert:acknowledge`: the same rule as POST /api/alerts/:id/acknowledge. */
export class AlertCommandDto implements AlertCommand {
  @IsUUID('all', { message: 'alertId must be a UUID' })
  alertId!: string;
}
