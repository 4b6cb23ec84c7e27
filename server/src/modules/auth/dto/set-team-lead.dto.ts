import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';

/** Puts a member of staff in a team (the team of its team lead), or takes them out of any team with null. */
export class SetTeamLeadDto {
  @ApiProperty({ nullable: true, description: 'The team lead whose team the user joins; null: no team' })
  @ValidateIf((_object, value) => value !== null)
  @IsUUID()
  teamLeadId!: string | null;
}
