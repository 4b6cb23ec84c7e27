/**
 * The import of CSV files of customers and purchases, as the command line (`npm run crm:import`), the console's
 * upload and a benchmark use it: `crmImportServiceFor(dataSource).start(kind, await fileSource(path), options)`.
 */
import type { DataSource } from 'typeorm';
import { AuditRepository, AuditService } from '../audit';
import { CustomerSyncRepository } from '../customers';
import { CrmImportRepository } from './crm-import.repository';
import { CrmImportService } from './crm-import.service';

export { CRM_IMPORT_KINDS, CSV_COLUMNS, REQUIRED_CSV_COLUMNS, type CrmImportKind } from './crm-csv';
export { CrmImportService, DEFAULT_CHUNK_ROWS, DEFAULT_TIDY_AFTER_ROWS, type CrmImportOptions, type CrmImportOutcome, type CrmImportProgress, type StartedImport } from './crm-import.service';
export { fileSource, fingerprintOf, streamSource, type CsvSource } from './csv-source';

/** The import service on a data source of its own, outside the Nest application (command line, benchmarks). */
export function crmImportServiceFor(dataSource: DataSource): CrmImportService {
  return new CrmImportService(new CrmImportRepository(dataSource, new CustomerSyncRepository(dataSource)), new AuditService(new AuditRepository(dataSource)));
}
