import type { RefusedRow } from '@callcentre/shared';
import { DomainError } from '../../common/http/domain-error';

export const customerErrors = {
  /** A batch is taken whole or not at all: every bad row is named (`details.rows`), and nothing was written. */
  batchRefused: (what: 'customers' | 'purchases', rows: readonly RefusedRow[]) => {
    const count = new Set(rows.map((row) => row.row)).size;
    return new DomainError('BATCH_REFUSED', `${count} of the ${what} rows ${count === 1 ? 'is' : 'are'} not valid; nothing was written`, 400, { rows });
  },
};
