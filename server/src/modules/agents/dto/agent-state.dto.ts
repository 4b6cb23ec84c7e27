import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SETTABLE_NOT_READY_REASONS, type SettableNotReadyReason } from '@callcentre/shared';

export const REQUESTED_AGENT_STATES = ['available', 'not_ready', 'offline'] as const;
export type RequestedAgentState = (typeof REQUESTED_AGENT_STATES)[number];

export class ChangeAgentStateDto {
  @ApiProperty({ enum: REQUESTED_AGENT_STATES })
  @IsIn(REQUESTED_AGENT_STATES)
  state!: RequestedAgentState;

  @ApiPropertyOptional({ enum: SETTABLE_NOT_READY_REASONS, description: 'Required for not_ready' })
  @IsOptional()
  @IsIn(SETTABLE_NOT_READY_REASONS)
  reason?: SettableNotReadyReason;
}
