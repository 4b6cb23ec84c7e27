import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { COMPLAINT_STATES, DEADLINE_STATUSES, type ComplaintQuery, type ComplaintState, type DeadlineStatus } from '@callcentre/shared';
import { QueryInt } from '../../../common/http/query-transforms';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Validates the `GET /api/complaints` query of the shared contract. */
export class ListComplaintsQuery implements ComplaintQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_STATES })
  @IsOptional()
  @IsIn(COMPLAINT_STATES)
  state?: ComplaintState;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  teamLeadId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ enum: DEADLINE_STATUSES, description: 'Open complaints with this deadline status (due_soon, breached)' })
  @IsOptional()
  @IsIn(DEADLINE_STATUSES)
  deadline?: DeadlineStatus;

  @ApiPropertyOptional({ description: 'true: not closed; false: closed' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'open must be true or false' })
  open?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'threatening must be true or false' })
  threatening?: boolean;

  @ApiPropertyOptional({ enum: ['newest', 'due'], default: 'newest', description: 'newest received first, or earliest due first' })
  @IsOptional()
  @IsIn(['newest', 'due'])
  sort?: 'newest' | 'due';

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}
