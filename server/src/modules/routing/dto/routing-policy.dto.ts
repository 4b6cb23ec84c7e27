import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';

export class ValueTierBonusDto {
  @ApiPropertyOptional() @IsInt() @Min(-1000) @Max(1000) important!: number;
  @ApiPropertyOptional() @IsInt() @Min(-1000) @Max(1000) secondary!: number;
  @ApiPropertyOptional() @IsInt() @Min(-1000) @Max(1000) ordinary!: number;
  @ApiPropertyOptional() @IsInt() @Min(-1000) @Max(1000) small!: number;
}

/** The tunable routing rules; omitted fields keep their defaults. */
export class RoutingPolicyDto {
  @ApiPropertyOptional({ type: ValueTierBonusDto, description: 'Priority points per customer value tier' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ValueTierBonusDto)
  valueTierBonus?: ValueTierBonusDto;

  @ApiPropertyOptional({ description: 'Priority points for a complaint' })
  @IsOptional() @IsInt() @Min(0) @Max(1000)
  complaintBonus?: number;

  @ApiPropertyOptional({ description: '+1 priority point per this many seconds of wait (0: no aging)' })
  @IsOptional() @IsInt() @Min(0) @Max(3600)
  agingSecondsPerPoint?: number;

  @ApiPropertyOptional({ description: 'Consecutive missed offers before not ready (0: never)' })
  @IsOptional() @IsInt() @Min(0) @Max(20)
  missedOffersBeforeNotReady?: number;

  @ApiPropertyOptional()
  @IsOptional() @IsBoolean()
  rejectCountsAsMissed?: boolean;

  @ApiPropertyOptional()
  @IsOptional() @IsInt() @Min(0) @Max(3600)
  reofferCooldownSeconds?: number;

  @ApiPropertyOptional({ description: 'How long a preferred or last agent is tried alone' })
  @IsOptional() @IsInt() @Min(0) @Max(600)
  preferredAgentWindowSeconds?: number;

  @ApiPropertyOptional()
  @IsOptional() @IsInt() @Min(0) @Max(600)
  transferToAgentWindowSeconds?: number;

  @ApiPropertyOptional({ description: 'How long a disconnected agent keeps connected contacts' })
  @IsOptional() @IsInt() @Min(0) @Max(3600)
  disconnectGraceSeconds?: number;
}
