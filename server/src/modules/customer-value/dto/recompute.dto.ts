import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** An ISO 8601 date and time with its offset (Z or ±hh:mm): a run's moment is never left to a server's zone. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isInstant(value: string): boolean {
  return ISO_WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value));
}

export class RecomputeDto {
  @ApiPropertyOptional({ example: '2026-06-30T23:59:59+08:00', description: 'The run looks at purchases up to this moment (default: now); not in the future' })
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: 'asOf must be an ISO 8601 date and time with an offset, such as 2026-06-30T23:59:59+08:00' })
  asOf?: string;
}
