import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { SATISFACTION_GROUPINGS, type SatisfactionGrouping } from '@callcentre/shared';

export class SatisfactionSummaryQuery {
  @ApiPropertyOptional({ description: 'Start (inclusive) of the answers counted, ISO 8601; default: today’s local midnight' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'End (exclusive), ISO 8601; default: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ enum: SATISFACTION_GROUPINGS, default: 'agent' })
  @IsOptional()
  @IsIn(SATISFACTION_GROUPINGS, { message: `groupBy must be one of ${SATISFACTION_GROUPINGS.join(', ')}` })
  groupBy?: SatisfactionGrouping;
}
