import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { CRM_BATCH_MAX_ROWS } from '@callcentre/shared';

/**
 * `{ rows: [...] }` of `POST /api/customers/batch` and `POST /api/transactions/batch`. Only the list is checked
 * here; each row is checked by the row rules (customer-rows.ts), which name every bad row in one answer.
 */
export class CrmBatchBody {
  @ApiProperty({ type: 'array', items: { type: 'object' }, minItems: 1, maxItems: CRM_BATCH_MAX_ROWS })
  @IsArray({ message: 'rows must be a list of rows' })
  @ArrayMinSize(1, { message: 'rows must hold at least one row' })
  @ArrayMaxSize(CRM_BATCH_MAX_ROWS, { message: `rows must hold at most ${CRM_BATCH_MAX_ROWS} rows a call; send more in further calls` })
  rows!: unknown[];
}
