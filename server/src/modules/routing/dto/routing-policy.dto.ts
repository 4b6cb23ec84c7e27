import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ROUTING_POLICY_FIELD_RULES as RULES } from '@callcentre/shared';

const CHANGE = 'Left out: kept as it is; null: back to the default.';

export class ValueTierBonusDto {
  @ApiPropertyOptional({ nullable: true, description: CHANGE }) @IsOptional() @IsInt() @Min(RULES.valueTierBonus.min) @Max(RULES.valueTierBonus.max) important?: number | null;
  @ApiPropertyOptional({ nullable: true, description: CHANGE }) @IsOptional() @IsInt() @Min(RULES.valueTierBonus.min) @Max(RULES.valueTierBonus.max) secondary?: number | null;
  @ApiPropertyOptional({ nullable: true, description: CHANGE }) @IsOptional() @IsInt() @Min(RULES.valueTierBonus.min) @Max(RULES.valueTierBonus.max) ordinary?: number | null;
  @ApiPropertyOptional({ nullable: true, description: CHANGE }) @IsOptional() @IsInt() @Min(RULES.valueTierBonus.min) @Max(RULES.valueTierBonus.max) small?: number | null;
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
  @IsOptional() @IsInt() @Min(RULES.complaintBonus.min) @Max(RULES.complaintBonus.max)
  complaintBonus?: number | null;

  @ApiPropertyOptional({ nullable: true, description: `+1 priority point per this many seconds of wait (0: no aging). ${CHANGE}` })
  @IsOptional() @IsInt() @Min(RULES.agingSecondsPerPoint.min) @Max(RULES.agingSecondsPerPoint.max)
  agingSecondsPerPoint?: number | null;

  @ApiPropertyOptional({ nullable: true, description: `Consecutive missed offers before not ready (0: never). ${CHANGE}` })
  @IsOptional() @IsInt() @Min(RULES.missedOffersBeforeNotReady.min) @Max(RULES.missedOffersBeforeNotReady.max)
  missedOffersBeforeNotReady?: number | null;

  @ApiPropertyOptional({ nullable: true, description: CHANGE })
  @IsOptional() @IsBoolean()
  rejectCountsAsMissed?: boolean | null;

  @ApiPropertyOptional({ nullable: true, description: CHANGE })
  @IsOptional() @IsInt() @Min(RULES.reofferCooldownSeconds.min) @Max(RULES.reofferCooldownSeconds.max)
  reofferCooldownSeconds?: number | null;

  @ApiPropertyOptional({ nullable: true, description: `How long a preferred or last agent is tried alone. ${CHANGE}` })
  @IsOptional() @IsInt() @Min(RULES.preferredAgentWindowSeconds.min) @Max(RULES.preferredAgentWindowSeconds.max)
  preferredAgentWindowSeconds?: number | null;

  @ApiPropertyOptional({ nullable: true, description: CHANGE })
  @IsOptional() @IsInt() @Min(RULES.transferToAgentWindowSeconds.min) @Max(RULES.transferToAgentWindowSeconds.max)
  transferToAgentWindowSeconds?: number | null;

  @ApiPropertyOptional({ nullable: true, description: `How long a disconnected agent keeps connected contacts. ${CHANGE}` })
  @IsOptional() @IsInt() @Min(RULES.disconnectGraceSeconds.min) @Max(RULES.disconnectGraceSeconds.max)
  disconnectGraceSeconds?: number | null;
}
