import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TELEPHONY_EVENT_TYPES, type TelephonyEventType } from '@callcentre/shared';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** A telephony event from the PBX (see docs/cti.md). */
export class TelephonyEventDto {
  @ApiProperty({ description: 'The PBX’s id of this event; a repeat is answered `duplicate`' })
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'eventId must be 1 to 128 letters, digits, dots, colons, dashes or underscores' })
  eventId!: string;

  @ApiProperty({ enum: TELEPHONY_EVENT_TYPES })
  @IsIn(TELEPHONY_EVENT_TYPES as unknown as string[])
  type!: TelephonyEventType;

  @ApiProperty({ description: 'The contact id the command carried as callId' })
  @IsUUID()
  callId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  commandId?: string;

  @ApiPropertyOptional({ description: 'command.refused: why' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  occurredAt?: string;
}
