import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';

const CHANGE = 'Left out: kept as it is; null: back to the default.';

export class ValueTierBonusDto {
  @ApiPropertyOptional({ nullable: true, description: CHANGE }) @IsOptional() @IsInt() @Min(-1000) @Max(1000) important?: number | null;
  @ApiPropertyOptional({ nullable: true, description: CHANGE }) @IsOptional() @IsInt() @Min(-1000) @Max(1000) secondary?: number | null;
  @ApiPropertyOptional({ nullable: true, description: CHANGE }) @IsOptional() @IsInt() @Min(-1000) @Max(1000) ordinary?: number | null;
  @ApiPropertyOptional({ nullable: true, description: CHANGE }) @IsOptional() @IsInt() @Min(-1000) @Max(1000) small?: number | null;
}

/** A change to the tunable routing rules: each rule (and each value tier) left out keeps its current value, null resets it. */
export class RoutingPolicyDto {
  @ApiPropertyOptional({ type: ValueTierBonusDto, nullable: true, description: `Priority points per customer value tier, changed tier by tier. ${CHANGE}` })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ValueTierBonusDto)
  valueTierBonus?: ValueTierBonusDto | null;

  @ApiPropertyOptional({ nullable: true, description: `Priority points for a complaint. ${CHANGE}` })
  @IsOptional() @IsInt() @Min(0) @Max(1000)
  complaintBonus?: number | null;

  @ApiPropertyOptional({ nullable: true, description: `+1 priority point per this many seconds of wait (0: no aging). ${CHANGE}` })
  @IsOptional() @IsInt() @Min(0) @Max(3600)
  agingSecondsPerPoint?: number | null;

  @ApiPropertyOptional({ nullable: true, description: `Consecutive missed offers before not ready (0: never). ${CHANGE}` })
  @IsOptional() @IsInt() @Min(0) @Max(20)
  missedOffersBeforeNotReady?: number | null;

  @ApiPropertyOptional({ nullable: true, description: CHANGE })
  @IsOptional() @IsBoolean()
  rejectCountsAsMissed?: boolean | null;

  @ApiPropertyOptional({ nullable: true, description: CHANGE })
  @IsOptional() @IsInt() @Min(0) @Max(3600)
  reofferCooldownSeconds?: number | null;

  @ApiPropertyOptional({ nullable: true, description: `How long a preferred or last agent is tried alone. ${CHANGE}` })
  @IsOptional() @IsInt() @Min(0) @Max(600)
  preferredAgentWindowSeconds?: number | null;

  @ApiPropertyOptional({ nullable: true, description: CHANGE })
  @IsOptional() @IsInt() @Min(0) @Max(600)
  transferToAgentWindowSeconds?: number | null;

  @ApiPropertyOptional({ nullable: true, description: `How long a disconnected agent keeps connected contacts. ${CHANGE}` })
  @IsOptional() @IsInt() @Min(0) @Max(3600)
  disconnectGraceSeconds?: number | null;
}
