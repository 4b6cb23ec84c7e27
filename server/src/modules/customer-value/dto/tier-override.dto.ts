import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { VALUE_TIERS, type ValueTier } from '@callcentre/shared';
import { ISO_WITH_OFFSET } from './recompute.dto';

export class SetTierOverrideDto {
  @ApiProperty({ enum: VALUE_TIERS })
  @IsIn(VALUE_TIERS, { message: `valueTier must be one of: ${VALUE_TIERS.join(', ')}` })
  valueTier!: ValueTier;

  @ApiProperty({ description: 'Why the tier is set by hand (kept on the audit record)', minLength: 1, maxLength: 500 })
  @IsString()
  @Length(1, 500, { message: 'reason must be 1 to 500 characters' })
  reason!: string;

  @ApiProperty({ example: '2026-12-31T23:59:59+08:00', description: 'When the computed tier comes back; ISO 8601 with an offset, in the future' })
  @Matches(ISO_WITH_OFFSET, { message: 'expiresAt must be an ISO 8601 date and time with an offset, such as 2026-12-31T23:59:59+08:00' })
  expiresAt!: string;
}

export class RemoveTierOverrideDto {
  @ApiProperty({ description: 'Why the override is removed (kept on the audit record)', minLength: 1, maxLength: 500 })
  @IsString()
  @Length(1, 500, { message: 'reason must be 1 to 500 characters' })
  reason!: string;
}
