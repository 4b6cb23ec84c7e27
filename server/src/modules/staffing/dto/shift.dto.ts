import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** An instant with its offset (Z or ±hh:mm), so no one's local clock decides when a shift starts. */
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
const OFFSET_MESSAGE = (field: string) => `${field} must be an ISO 8601 instant with Z or an offset, e.g. 2026-12-07T09:00:00+08:00`;

/** The largest CSV of shifts one import accepts (about 2,000 rows of username and two instants). */
export const SHIFT_IMPORT_MAX_CHARS = 200_000;

export class CreateShiftDto {
  @ApiPropertyOptional({ description: 'The agent working the shift (give this or teamId)' })
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @ApiPropertyOptional({ description: 'The same shift for every agent of this team (give this or agentId)' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiProperty({ example: '2026-12-07T09:00:00+08:00' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: OFFSET_MESSAGE('startsAt') })
  startsAt!: string;

  @ApiProperty({ example: '2026-12-07T17:00:00+08:00', description: 'After startsAt, at most 16 hours later' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: OFFSET_MESSAGE('endsAt') })
  endsAt!: string;
}

export class ListShiftsQuery {
  @ApiProperty({ description: 'Shifts that end after this instant' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: OFFSET_MESSAGE('from') })
  from!: string;

  @ApiProperty({ description: 'Shifts that start before this instant; at most 31 days after from' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: OFFSET_MESSAGE('to') })
  to!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class ImportShiftsDto {
  @ApiProperty({ description: 'CSV with the header username,startsAt,endsAt and one shift a line (instants with an offset)' })
  @IsString()
  @MaxLength(SHIFT_IMPORT_MAX_CHARS)
  csv!: string;
}
