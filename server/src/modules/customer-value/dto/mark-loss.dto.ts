import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LOSS_CAUSES, type LossCause } from '@callcentre/shared';

export class MarkLossDto {
  @ApiProperty({ enum: LOSS_CAUSES, description: 'natural, competitive, fault (ours, preventable), malicious or other' })
  @IsIn(LOSS_CAUSES, { message: `cause must be one of ${LOSS_CAUSES.join(', ')}` })
  cause!: LossCause;

  @ApiPropertyOptional({ maxLength: 2000, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
