import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PersonName } from '../../../common/http/person-name';

/** Longest team name accepted (names derived from a lead's name when teams were introduced may be longer). */
export const TEAM_NAME_MAX_LENGTH = 80;

export class CreateTeamDto {
  @ApiProperty({ example: 'Billing desk', maxLength: TEAM_NAME_MAX_LENGTH, description: 'Unique regardless of case; invisible formatting removed, spaces trimmed' })
  @PersonName()
  @IsString()
  @MinLength(1)
  @MaxLength(TEAM_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ nullable: true, description: 'A user holding team_lead who leads no other team' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsUUID()
  teamLeadId?: string | null;
}

/** Renames a team and/or sets its lead (null: no lead); a field left out is unchanged. */
export class UpdateTeamDto {
  @ApiPropertyOptional({ maxLength: TEAM_NAME_MAX_LENGTH })
  @IsOptional()
  @PersonName()
  @IsString()
  @MinLength(1)
  @MaxLength(TEAM_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsUUID()
  teamLeadId?: string | null;
}
