import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** Transfer to another queue or to one agent; exactly one of the two. */
export class TransferInteractionDto {
  @ApiPropertyOptional({ description: 'Queue code or id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  queue?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  agentId?: string;
}

export class WrapUpDto {
  @ApiPropertyOptional({ description: 'Disposition code, e.g. resolved, follow_up, complaint_opened' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'disposition must be a lower-case code such as resolved' })
  disposition?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class OfferDecisionDto {
  @ApiPropertyOptional({ description: 'The offer being answered; a stale offer id is refused' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  offerId?: string;
}
