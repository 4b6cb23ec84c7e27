import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { CARE_ACTION_OUTCOMES, type CareActionOutcome } from '@callcentre/shared';
import { QueryInt } from '../../../common/http/query-transforms';

const STATUSES = ['open', 'done', 'skipped'] as const;

export class ListWorklistQuery {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only actions in this status (all by default)' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the actions for this customer (their record’s care tab)' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a customer id (a UUID)' })
  customerId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class RecordOutcomeDto {
  @ApiProperty({ enum: ['done', 'skipped'] })
  @IsIn(['done', 'skipped'], { message: 'status must be done or skipped' })
  status!: 'done' | 'skipped';

  @ApiPropertyOptional({ enum: CARE_ACTION_OUTCOMES, nullable: true, description: 'Required when done' })
  @ValidateIf((body: RecordOutcomeDto) => body.status === 'done' || (body.outcome !== undefined && body.outcome !== null))
  @IsIn(CARE_ACTION_OUTCOMES, { message: `outcome must be one of ${CARE_ACTION_OUTCOMES.join(', ')} (required when done)` })
  outcome?: CareActionOutcome | null;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}
