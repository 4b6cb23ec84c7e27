import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueryInt } from '../../../common/http/query-transforms';

const FORMATS = ['json', 'csv'] as const;
const MAX_RUN_ID = 2 ** 53 - 1;

/** `?format=csv` (or `Accept: text/csv`) answers with the report's CSV. */
export class ReportFormatQuery {
  @ApiPropertyOptional({ enum: FORMATS, default: 'json', description: 'csv: the same figures as a CSV attachment (Accept: text/csv works too)' })
  @IsOptional()
  @IsIn(FORMATS, { message: 'format must be json or csv' })
  format?: (typeof FORMATS)[number];
}

export class RunReportQuery extends ReportFormatQuery {
  @ApiPropertyOptional({ description: 'A completed value run (the latest by default)' })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'runId must be a value run id' })
  @Min(1)
  @Max(MAX_RUN_ID)
  runId?: number;
}

export class MigrationReportQuery extends ReportFormatQuery {
  @ApiPropertyOptional({ description: 'The earlier completed run (by default the one before `to`)' })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'from must be a value run id' })
  @Min(1)
  @Max(MAX_RUN_ID)
  from?: number;

  @ApiPropertyOptional({ description: 'The later completed run (the latest by default)' })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'to must be a value run id' })
  @Min(1)
  @Max(MAX_RUN_ID)
  to?: number;
}
