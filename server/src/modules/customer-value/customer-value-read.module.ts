import { Module } from '@nestjs/common';
import { CustomerValueReader } from './customer-value.reader';
import { CustomerValueRepository } from './customer-value.repository';

/**
 * Reading a customer's value for their record. Apart from CustomerValueModule so that the customers module can
 * import it while the value run may depend on modules that import customers.
 */
@Module({
  providers: [CustomerValueRepository, CustomerValueReader],
  exports: [CustomerValueReader],
})
export class CustomerValueReadModule {}
