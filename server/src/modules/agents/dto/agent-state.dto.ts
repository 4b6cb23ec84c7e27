import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { NOT_READY_REASONS, NotReadyReason } from '@callcentre/shared';

export const REQUESTED_AGENT_STATES = ['available', 'not_ready', 'offline'] as const;
export type RequestedAgentState = (typeof REQUESTED_AGENT_STATES)[number];
/** Reasons a person may choose; `missed_offers` and `disconnected` are set by the system only. */
export const CHOOSABLE_NOT_READY_REASONS = NOT_READY_REASONS.filter((reason) => reason !== 'missed_offers' && reason !== 'disconnected');

export class ChangeAgentStateDto {
  @ApiProperty({ enum: REQUESTED_AGENT_STATES })
  @IsIn(REQUESTED_AGENT_STATES)
  state!: RequestedAgentState;

  @ApiPropertyOptional({ enum: CHOOSABLE_NOT_READY_REASONS, description: 'Required for not_ready' })
  @IsOptional()
  @IsIn(CHOOSABLE_NOT_READY_REASONS)
  reason?: NotReadyReason;
}
