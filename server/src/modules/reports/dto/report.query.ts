import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { REPORT_FORMATS, REPORT_INTERVALS, type ReportFormat, type ReportInterval } from '@callcentre/shared';

/** An ISO 8601 date-time with its offset, or a local date `YYYY-MM-DD` of the centre's zone (its first instant). */
export const INSTANT_OR_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export class ReportRangeQuery {
  @ApiPropertyOptional({ description: 'Start (inclusive): a local date of the centre (YYYY-MM-DD) or an ISO 8601 date-time; default: today', example: '2026-05-20' })
  @IsOptional()
  @MaxLength(40)
  @Matches(INSTANT_OR_DATE, { message: 'from must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset' })
  from?: string;

  @ApiPropertyOptional({ description: 'End (exclusive), same forms; default: the day after from', example: '2026-05-21' })
  @IsOptional()
  @MaxLength(40)
  @Matches(INSTANT_OR_DATE, { message: 'to must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset' })
  to?: string;

  @ApiPropertyOptional({ enum: REPORT_INTERVALS, default: '60m' })
  @IsOptional()
  @IsIn(REPORT_INTERVALS, { message: `interval must be one of ${REPORT_INTERVALS.join(', ')}` })
  interval?: ReportInterval;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: 'csv and xlsx answer with an attachment, streamed' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

export class QueueReportQuery extends ReportRangeQuery {
  @ApiPropertyOptional({ description: 'One queue (all queues when absent)' })
  @IsOptional()
  @IsUUID('all', { message: 'queue must be a queue id' })
  queue?: string;
}

export class AgentReportQuery extends ReportRangeQuery {
  @ApiPropertyOptional({ description: 'One agent (every agent the caller may see when absent)' })
  @IsOptional()
  @IsUUID('all', { message: 'agent must be an agent id' })
  agent?: string;
}
