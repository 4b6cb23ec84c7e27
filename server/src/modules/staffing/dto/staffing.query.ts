import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { STAFFING_FIELD_RULES as RULES } from '@callcentre/shared';

/** Query numbers arrive as text: a plain decimal becomes a number, anything else stays text and fails IsNumber. */
const toNumber = () => Transform(({ value }) => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value));

export const STAFFING_LIMITS = {
  maxArrivalsPerHour: RULES.arrivalsPerHour.max,
  maxAhtSeconds: RULES.ahtSeconds.max,
  maxThresholdSeconds: RULES.thresholdSeconds.max,
  maxPatienceSeconds: RULES.patienceSeconds.max,
  /** Largest offered load the endpoint sizes (arrivals per hour × AHT / 3600): far above one queue, and it answers in well under a second. */
  maxTrafficErlangs: 5_000,
} as const;

export class StaffingQuery {
  @ApiPropertyOptional({ description: 'Forecast arrivals per hour. Required unless queueId is given (then the queue’s arrivals of the last 60 minutes).', example: 360 })
  @IsOptional()
  @toNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'arrivalsPerHour must be a number' })
  @Min(RULES.arrivalsPerHour.min, { message: `arrivalsPerHour must be >= ${RULES.arrivalsPerHour.min}` })
  @Max(STAFFING_LIMITS.maxArrivalsPerHour, { message: `arrivalsPerHour must be <= ${STAFFING_LIMITS.maxArrivalsPerHour}` })
  arrivalsPerHour?: number;

  @ApiPropertyOptional({ description: 'Average handle time (talk + hold + after-call work), seconds. Required unless queueId is given (then the queue’s AHT of the last 60 minutes).', example: 180 })
  @IsOptional()
  @toNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'ahtSeconds must be a number' })
  @Min(RULES.ahtSeconds.min, { message: `ahtSeconds must be >= ${RULES.ahtSeconds.min}` })
  @Max(STAFFING_LIMITS.maxAhtSeconds, { message: `ahtSeconds must be <= ${STAFFING_LIMITS.maxAhtSeconds}` })
  ahtSeconds?: number;

  @ApiPropertyOptional({ description: 'Service-level target in percent (80 for 80/20). Default: the queue’s target with queueId, else 80.', example: 80 })
  @IsOptional()
  @toNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'targetPercent must be a number' })
  @Min(RULES.targetPercent.min, { message: `targetPercent must be between ${RULES.targetPercent.min} and ${RULES.targetPercent.max}` })
  @Max(RULES.targetPercent.max, { message: `targetPercent must be between ${RULES.targetPercent.min} and ${RULES.targetPercent.max}` })
  targetPercent?: number;

  @ApiPropertyOptional({ description: 'Service-level threshold in seconds (20 for 80/20). Default: the queue’s threshold with queueId, else 20.', example: 20 })
  @IsOptional()
  @toNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'thresholdSeconds must be a number' })
  @Min(RULES.thresholdSeconds.min, { message: `thresholdSeconds must be >= ${RULES.thresholdSeconds.min}` })
  @Max(STAFFING_LIMITS.maxThresholdSeconds, { message: `thresholdSeconds must be <= ${STAFFING_LIMITS.maxThresholdSeconds}` })
  thresholdSeconds?: number;

  @ApiPropertyOptional({ description: 'Mean patience of waiting callers, seconds: sizes with Erlang A (callers hang up). Omit for Erlang C (nobody hangs up).', example: 90 })
  @IsOptional()
  @toNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'patienceSeconds must be a number' })
  @Min(RULES.patienceSeconds.min, { message: `patienceSeconds must be >= ${RULES.patienceSeconds.min}` })
  @Max(STAFFING_LIMITS.maxPatienceSeconds, { message: `patienceSeconds must be <= ${STAFFING_LIMITS.maxPatienceSeconds}` })
  patienceSeconds?: number;

  @ApiPropertyOptional({ description: 'A queue: its live arrivals and AHT of the last 60 minutes fill whatever the forecast leaves out, and its target is the default.', format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'queueId must be a UUID' })
  queueId?: string;
}
