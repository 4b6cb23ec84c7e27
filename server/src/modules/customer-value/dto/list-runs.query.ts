import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueryInt } from '../../../common/http/query-transforms';

export class ListRunsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only runs older than this run id (the next page)' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  before?: number;
}
