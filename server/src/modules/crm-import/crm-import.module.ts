import { Module } from '@nestjs/common';
import { AuditService } from '../audit';
import { CustomersModule } from '../customers';
import { CrmImportController } from './crm-import.controller';
import { CrmImportRepository } from './crm-import.repository';
import { CrmImportService } from './crm-import.service';
import { CrmUploads } from './crm-uploads';

/** CSV files of customers and purchases, uploaded (`/api/crm/imports`); the command line runs the same service. */
@Module({
  imports: [CustomersModule],
  controllers: [CrmImportController],
  providers: [
    CrmImportRepository,
    { provide: CrmImportService, useFactory: (repository: CrmImportRepository, audit: AuditService) => new CrmImportService(repository, audit), inject: [CrmImportRepository, AuditService] },
    CrmUploads,
  ],
})
export class CrmImportModule {}
