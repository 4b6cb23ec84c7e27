import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { INTERACTION_STATUSES, InteractionStatus } from '@callcentre/shared';
import { QueryInt } from '../../../common/http/query-transforms';

export class ListInteractionsQuery {
  @ApiPropertyOptional({ enum: INTERACTION_STATUSES })
  @IsOptional()
  @IsIn(INTERACTION_STATUSES)
  status?: InteractionStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  queueId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
