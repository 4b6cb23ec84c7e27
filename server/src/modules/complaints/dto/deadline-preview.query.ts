import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { COMPLAINT_COMPLEXITIES, VALUE_TIERS, type ComplaintComplexity, type ValueTier } from '@callcentre/shared';

/** A complaint that would be received at `receivedAt`: when is it due? */
export class DeadlinePreviewQuery {
  @ApiProperty({ enum: COMPLAINT_COMPLEXITIES })
  @IsIn(COMPLAINT_COMPLEXITIES)
  complexity!: ComplaintComplexity;

  @ApiPropertyOptional({ enum: VALUE_TIERS, default: 'ordinary' })
  @IsOptional()
  @IsIn(VALUE_TIERS)
  valueTier?: ValueTier;

  @ApiPropertyOptional({ description: 'ISO 8601; defaults to now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'receivedAt must be an ISO 8601 date-time' })
  receivedAt?: string;
}
