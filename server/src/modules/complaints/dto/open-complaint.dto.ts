import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { COMPLAINT_COMPLEXITIES, type ComplaintComplexity, type OpenComplaintInput } from '@callcentre/shared';

/** Not blank: at least one visible character. */
export const NOT_BLANK = /\S/;

/** A threat to life or property (domain rule: record the caller number, time, workstation and what was said). */
export class ThreatDetailsDto {
  @ApiPropertyOptional({ example: '+44 7700 900123', description: 'The number the threat came from; leave out when withheld (the contact’s number is used when known)' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{3,39}$/, { message: 'callerNumber must be a telephone number (digits, spaces, + ( ) -)' })
  callerNumber?: string;

  @ApiPropertyOptional({ description: 'When the threat was made (ISO 8601); defaults to the contact’s arrival, else now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 date-time' })
  at?: string;

  @ApiProperty({ example: 'Desk 14, extension 2214', description: 'The workstation that took the call' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'workstation must not be blank' })
  @MaxLength(120)
  workstation!: string;

  @ApiProperty({ description: 'What was said, as close to the words as possible' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'statement must not be blank' })
  @MaxLength(4000)
  statement!: string;
}

/** A complaint received: from the contact it came through, or for a customer. */
export class OpenComplaintDto implements OpenComplaintInput {
  @ApiPropertyOptional({ description: 'The contact the complaint came through' })
  @IsOptional()
  @IsUUID()
  interactionId?: string;

  @ApiPropertyOptional({ description: 'The customer; taken from the contact when it knows them' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiProperty({ example: 'billing', description: 'What the complaint is about (billing, delivery, service quality...)' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'category must not be blank' })
  @MaxLength(64)
  category!: string;

  @ApiProperty({ enum: COMPLAINT_COMPLEXITIES, description: 'simple: settled within 1 working day; general: 3; complex: a progress call at least every 3' })
  @IsIn(COMPLAINT_COMPLEXITIES)
  complexity!: ComplaintComplexity;

  @ApiProperty({ description: 'What the customer said happened, in their words' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  @MaxLength(4000)
  description!: string;

  @ApiPropertyOptional({ description: 'The agent whose attitude or service quality the complaint is about: it goes to the team lead at once' })
  @IsOptional()
  @IsUUID()
  aboutAgentId?: string;

  @ApiPropertyOptional({ type: ThreatDetailsDto, description: 'Present when the call threatened life or property: team leads and supervisors are alerted at once' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThreatDetailsDto)
  threat?: ThreatDetailsDto;

  @ApiPropertyOptional({ description: 'A note for the history' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
