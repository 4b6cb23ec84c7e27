import { Module } from '@nestjs/common';
import { CustomerRetentionModule } from './customer-retention.module';
import { CustomerValueController, TierOverridesController } from './customer-value.controller';
import { CustomerValueRepository } from './customer-value.repository';
import { CustomerValueService } from './customer-value.service';
import { CustomerValueJobs } from './jobs/customer-value.jobs';
import { TierOverridesService } from './tier-overrides.service';
import { ValueRunService } from './value-runs.service';

/**
 * Customer value: value runs (RFM cells and pyramid tiers from purchases), their schedule, tier overrides, and
 * each customer's value for the record. Jobs run on the durable job worker (common/jobs).
 */
@Module({
  imports: [CustomerRetentionModule],
  controllers: [CustomerValueController, TierOverridesController],
  providers: [CustomerValueRepository, CustomerValueService, ValueRunService, TierOverridesService, CustomerValueJobs],
  exports: [CustomerValueService, ValueRunService],
})
export class CustomerValueModule {}
