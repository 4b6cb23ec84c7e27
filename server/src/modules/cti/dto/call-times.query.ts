import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

/** The period of `GET /api/calls/times`: by default the last 24 hours; at most 31 days. */
export class CallTimesQuery {
  @ApiPropertyOptional({ description: 'Start (ISO 8601), default 24 hours before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'End (ISO 8601), default now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}
