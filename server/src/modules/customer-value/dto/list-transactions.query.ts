import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { QueryInt } from '../../../common/http/query-transforms';

export class ListTransactionsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextBefore of the previous page: purchases older than that one' })
  @IsOptional()
  @IsString({ message: 'before must be the nextBefore of a previous page' })
  @Length(1, 64, { message: 'before must be the nextBefore of a previous page' })
  before?: string;
}
