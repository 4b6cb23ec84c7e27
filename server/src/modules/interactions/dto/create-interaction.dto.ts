import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, Channel, LANGUAGES, Language } from '@callcentre/shared';
import { PersonName } from '../../../common/http/person-name';

export class CallerDto {
  @ApiPropertyOptional({ description: 'Known customer id' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ example: '+44 7700 900001', description: 'Caller number as the PBX sees it' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{3,31}$/, { message: 'phone must be a telephone number (digits, spaces, + ( ) -)' })
  phone?: string;

  @ApiPropertyOptional({ example: 'customer1@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Name given by the caller or the chat widget (bidirectional controls and zero-width characters are removed)' })
  @PersonName({ optional: true })
  @IsOptional()
  @IsString()
  @MaxLength(160)
  name?: string;
}

/** A contact arriving through the CTI boundary (PBX, IVR, chat widget, mail gateway). */
export class CreateInteractionDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ type: CallerDto })
  @IsObject({ message: 'caller must be an object (customerId, phone, email or name; {} for an unknown caller)' })
  @ValidateNested()
  @Type(() => CallerDto)
  caller!: CallerDto;

  @ApiPropertyOptional({ description: 'Queue code (e.g. billing) or id chosen by the IVR' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  queue?: string;

  @ApiPropertyOptional({ description: 'Skills the IVR asked for, used to pick a queue when none is given', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ description: 'Agent to try first for a few seconds' })
  @IsOptional()
  @IsUUID()
  preferredAgentId?: string;

  @ApiPropertyOptional({ description: 'Id in the sending system; the same id twice returns the first interaction' })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,128}$/, { message: 'externalId must be 1 to 128 visible ASCII characters' })
  externalId?: string;

  @ApiPropertyOptional({ description: 'The contact is a complaint (raises its priority)' })
  @IsOptional()
  @IsBoolean()
  complaint?: boolean;

  @ApiPropertyOptional({ description: 'Subject of an e-mail or ticket, or the IVR path' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  subject?: string;
}
