import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { ASSIGNMENT_STRATEGIES, AssignmentStrategy, QUEUE_FIELD_RULES as RULES, SERVICE_LEVEL_FORMULAS, ServiceLevelFormula } from '@callcentre/shared';

export class QueueSkillDto {
  @ApiProperty({ example: 'billing' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'skill must be a skill code such as billing' })
  skill!: string;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  minProficiency!: number;

  @ApiPropertyOptional({ description: 'Dropped by a relaxation step' })
  @IsOptional()
  @IsBoolean()
  optional?: boolean;
}

export class RelaxationStepDto {
  @ApiProperty({ description: 'Seconds of wait in the queue before this step applies' })
  @IsInt()
  @Min(1)
  @Max(86400)
  afterSeconds!: number;

  @ApiProperty({ minimum: 0, maximum: 4 })
  @IsInt()
  @Min(0)
  @Max(4)
  lowerProficiencyBy!: number;

  @ApiProperty()
  @IsBoolean()
  dropOptionalSkills!: boolean;
}

/** Each step later than the one before: the steps are rings of the bullseye, widening one after the other. */
function inAscendingTime(steps: unknown): boolean {
  if (!Array.isArray(steps)) return true;
  return steps.every((step, i) => i === 0 || Number(step?.afterSeconds) > Number(steps[i - 1]?.afterSeconds));
}

export class BusinessHoursDto {
  @ApiProperty({ example: 'Europe/London' })
  @IsString()
  @MaxLength(64)
  timeZone!: string;

  @ApiProperty({ description: 'ISO weekday (1 = Monday) to opening intervals, e.g. {"1":[{"from":"09:00","to":"18:00"}]}' })
  @IsObject()
  days!: Record<string, Array<{ from: string; to: string }>>;
}

/** A queue's whole configuration; the same shape creates and replaces it. */
export class SaveQueueDto {
  @ApiProperty({ example: 'billing' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'code must be lower-case letters, digits and dashes' })
  code!: string;

  @ApiProperty({ example: 'Billing' })
  @IsString()
  @MaxLength(RULES.name.maxLength)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(RULES.basePriority.min)
  @Max(RULES.basePriority.max)
  basePriority?: number;

  @ApiPropertyOptional({ default: 80 })
  @IsOptional()
  @IsInt()
  @Min(RULES.serviceLevelPercent.min)
  @Max(RULES.serviceLevelPercent.max)
  serviceLevelPercent?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @IsInt()
  @Min(RULES.serviceLevelSeconds.min)
  @Max(RULES.serviceLevelSeconds.max)
  serviceLevelSeconds?: number;

  @ApiPropertyOptional({ enum: SERVICE_LEVEL_FORMULAS })
  @IsOptional()
  @IsIn(SERVICE_LEVEL_FORMULAS)
  serviceLevelFormula?: ServiceLevelFormula;

  @ApiPropertyOptional({ default: 5 })
  @IsOptional()
  @IsInt()
  @Min(RULES.shortAbandonSeconds.min)
  @Max(RULES.shortAbandonSeconds.max)
  shortAbandonSeconds?: number;

  @ApiPropertyOptional({ default: 15 })
  @IsOptional()
  @IsInt()
  @Min(RULES.offerTimeoutSeconds.min)
  @Max(RULES.offerTimeoutSeconds.max)
  offerTimeoutSeconds?: number;

  @ApiPropertyOptional({ default: 30 })
  @IsOptional()
  @IsInt()
  @Min(RULES.wrapUpSeconds.min)
  @Max(RULES.wrapUpSeconds.max)
  wrapUpSeconds?: number;

  @ApiPropertyOptional({ description: 'Wait before overflowing to overflowQueue' })
  @IsOptional()
  @IsInt()
  @Min(RULES.maxWaitSeconds.min)
  @Max(RULES.maxWaitSeconds.max)
  maxWaitSeconds?: number;

  @ApiPropertyOptional({ description: 'Code of the queue to overflow to' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'overflowQueue must be a queue code' })
  overflowQueue?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_STRATEGIES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STRATEGIES)
  strategy?: AssignmentStrategy;

  @ApiPropertyOptional({ type: [RelaxationStepDto], description: 'In ascending afterSeconds, no two at the same time' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateBy({
    name: 'inAscendingTime',
    validator: { validate: inAscendingTime, defaultMessage: () => 'relaxationSteps must be in ascending afterSeconds, each step later than the one before' },
  })
  @ValidateNested({ each: true })
  @Type(() => RelaxationStepDto)
  relaxationSteps?: RelaxationStepDto[];

  @ApiPropertyOptional({ type: BusinessHoursDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BusinessHoursDto)
  businessHours?: BusinessHoursDto;

  @ApiProperty({ type: [QueueSkillDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => QueueSkillDto)
  skills!: QueueSkillDto[];
}
