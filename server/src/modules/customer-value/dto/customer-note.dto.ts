import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CUSTOMER_NOTE_MAX_LENGTH } from '@callcentre/shared';
import { QueryInt } from '../../../common/http/query-transforms';

export class CreateCustomerNoteDto {
  @ApiProperty({ minLength: 1, maxLength: CUSTOMER_NOTE_MAX_LENGTH })
  @IsString()
  @Length(1, CUSTOMER_NOTE_MAX_LENGTH, { message: `body must be 1 to ${CUSTOMER_NOTE_MAX_LENGTH} characters` })
  @Matches(/\S/, { message: 'body must not be blank' })
  body!: string;
}

export class ListCustomerNotesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextBefore of the previous page: older notes than that one' })
  @IsOptional()
  @IsUUID()
  before?: string;
}
