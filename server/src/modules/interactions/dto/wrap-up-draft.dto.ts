import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { WRAP_UP_NOTES_MAX_LENGTH } from '@callcentre/shared';

export class WrapUpDraftDto {
  @ApiProperty({ description: 'The notes as typed so far; empty removes the draft', maxLength: WRAP_UP_NOTES_MAX_LENGTH })
  @IsString()
  @MaxLength(WRAP_UP_NOTES_MAX_LENGTH)
  notes!: string;
}
