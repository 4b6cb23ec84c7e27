import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { VALUE_TIERS, ValueTier } from '@callcentre/shared';
import { QueryInt } from '../../../common/http/query-transforms';

/** Far past any real list, and within what PostgreSQL takes as an OFFSET. */
const MAX_OFFSET = 1_000_000;

export class ListCustomersQuery {
  @ApiPropertyOptional({ enum: VALUE_TIERS, description: "Only customers of this value tier (the customer's `valueTier`)" })
  @IsOptional()
  @IsIn(VALUE_TIERS)
  valueTier?: ValueTier;

  /** The filter's earlier name, still accepted; naming another tier than valueTier is refused rather than guessed. */
  @ApiPropertyOptional({ enum: VALUE_TIERS, deprecated: true, description: 'Earlier name of valueTier' })
  @IsOptional()
  @IsIn(VALUE_TIERS)
  @ValidateBy({
    name: 'sameAsValueTier',
    validator: {
      validate: (value, args) => {
        const valueTier = (args?.object as ListCustomersQuery | undefined)?.valueTier;
        return valueTier === undefined || valueTier === value;
      },
      defaultMessage: () => 'tier is the earlier name of valueTier and names another tier: send valueTier only',
    },
  })
  tier?: ValueTier;

  @ApiPropertyOptional({ description: 'Part of the name, phone or e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ description: "The customer's id in the business's own systems (exact)" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  externalId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;
}
