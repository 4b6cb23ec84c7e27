import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { KPI_KEYS, type KpiKey } from '@callcentre/shared';
import { QueryInt } from '../../../common/http/query-transforms';
import { INSTANT_OR_DATE } from './report.query';

const SERIES_INTERVALS = ['15m', '30m', '60m'] as const;

export class KpiSeriesQuery {
  @ApiProperty()
  @IsUUID('all', { message: 'queue must be a queue id' })
  queue!: string;

  @ApiProperty({ enum: KPI_KEYS })
  @IsIn(KPI_KEYS, { message: `kpi must be one of ${KPI_KEYS.join(', ')}` })
  kpi!: KpiKey;

  @ApiPropertyOptional({ description: 'Local date or ISO date-time; default today' })
  @IsOptional()
  @MaxLength(40)
  @Matches(INSTANT_OR_DATE, { message: 'from must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset' })
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(40)
  @Matches(INSTANT_OR_DATE, { message: 'to must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset' })
  to?: string;

  @ApiPropertyOptional({ enum: SERIES_INTERVALS, default: '60m' })
  @IsOptional()
  @IsIn(SERIES_INTERVALS, { message: 'interval must be one of 15m, 30m, 60m' })
  interval?: (typeof SERIES_INTERVALS)[number];
}

export class KpiSettingsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'queue must be a queue id' })
  queue?: string;
}

export class KpiSettingDto {
  @ApiProperty()
  @IsUUID('all', { message: 'queueId must be a queue id' })
  queueId!: string;

  @ApiProperty({ enum: KPI_KEYS })
  @IsIn(KPI_KEYS, { message: `kpi must be one of ${KPI_KEYS.join(', ')}` })
  kpi!: KpiKey;

  @ApiProperty({ minimum: 2, maximum: 52 })
  @IsInt({ message: 'weeks must be a whole number' })
  @Min(2, { message: 'weeks must be at least 2' })
  @Max(52, { message: 'weeks must be at most 52' })
  weeks!: number;

  @ApiProperty({ minimum: 0.1, maximum: 10 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'k must be a number' })
  @Min(0.1, { message: 'k must be at least 0.1' })
  @Max(10, { message: 'k must be at most 10' })
  k!: number;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'hardMin must be a number or null' })
  @Min(-1e9)
  @Max(1e9)
  hardMin: number | null = null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'hardMax must be a number or null' })
  @Min(-1e9)
  @Max(1e9)
  hardMax: number | null = null;

  @ApiProperty()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled!: boolean;
}

export class ForecastQueryDto {
  @ApiProperty()
  @IsUUID('all', { message: 'queue must be a queue id' })
  queue!: string;

  @ApiPropertyOptional({ description: 'First local date (YYYY-MM-DD); default today' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 14, default: 1 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'days must be a whole number' })
  @Min(1, { message: 'days must be at least 1' })
  @Max(14, { message: 'days must be at most 14' })
  days?: number;

  @ApiPropertyOptional({ enum: SERIES_INTERVALS, default: '60m' })
  @IsOptional()
  @IsIn(SERIES_INTERVALS, { message: 'interval must be one of 15m, 30m, 60m' })
  interval?: (typeof SERIES_INTERVALS)[number];

  @ApiPropertyOptional({ description: 'Callers’ mean patience for Erlang A, seconds (default 180)', minimum: 1, maximum: 3600 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'patienceSeconds must be a whole number' })
  @Min(1, { message: 'patienceSeconds must be at least 1' })
  @Max(3600, { message: 'patienceSeconds must be at most 3600' })
  patienceSeconds?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
