import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { QueryInt } from '../../../common/http/query-transforms';

export const HISTORY_INTERVAL_MINUTES = [1, 5, 15, 30, 60, 1440] as const;

export class QueueHistoryQuery {
  @ApiPropertyOptional({ description: 'Start (inclusive), ISO 8601 with a time zone offset; default: today’s local midnight', example: '2026-05-20T00:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'End (exclusive), ISO 8601; default: now', example: '2026-05-21T00:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ enum: HISTORY_INTERVAL_MINUTES, default: 60, description: 'Length of each interval of the series' })
  @IsOptional()
  @QueryInt()
  @IsIn(HISTORY_INTERVAL_MINUTES, { message: `intervalMinutes must be one of ${HISTORY_INTERVAL_MINUTES.join(', ')}` })
  intervalMinutes?: number;
}
