import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers';
import { DEFAULT_CHURN_RISK_CONFIG } from './churn-risk.config';
import { ChurnRepository } from './churn.repository';
import { CHURN_RISK_CONFIG, ChurnService } from './churn.service';
import { CustomerLossesController } from './customer-losses.controller';
import { CustomerLossesRepository } from './customer-losses.repository';
import { CustomerLossesService } from './customer-losses.service';
import { CustomerNotesController } from './customer-notes.controller';
import { CustomerNotesRepository } from './customer-notes.repository';
import { CustomerNotesService } from './customer-notes.service';
import { CustomerRecordController } from './customer-record.controller';
import { CustomerRecordRepository } from './customer-record.repository';
import { CustomerRecordService } from './customer-record.service';
import { RetentionController } from './retention.controller';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';
import { ValueReportsController } from './value-reports.controller';
import { ValueReportsRepository } from './value-reports.repository';
import { ValueReportsService } from './value-reports.service';

/**
 * What the team does with customer value: churn risk (scored by the value run through `ChurnService`), the
 * retention worklist, lost customers, shared notes, the record's purchases and the managers' value reports.
 */
@Module({
  imports: [CustomersModule],
  controllers: [RetentionController, CustomerLossesController, CustomerNotesController, CustomerRecordController, ValueReportsController],
  providers: [
    { provide: CHURN_RISK_CONFIG, useValue: DEFAULT_CHURN_RISK_CONFIG },
    ChurnRepository,
    ChurnService,
    RetentionRepository,
    RetentionService,
    CustomerLossesRepository,
    CustomerLossesService,
    CustomerNotesRepository,
    CustomerNotesService,
    CustomerRecordRepository,
    CustomerRecordService,
    ValueReportsRepository,
    ValueReportsService,
  ],
  exports: [ChurnService],
})
export class CustomerRetentionModule {}
