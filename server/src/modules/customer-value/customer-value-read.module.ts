import { Global, Module } from '@nestjs/common';
import { CUSTOMER_VALUE_LOOKUP } from '../customers';
import { CustomerValueReader } from './customer-value.reader';
import { CustomerValueRepository } from './customer-value.repository';

/**
 * Reading a customer's value for their record: the customers module's CUSTOMER_VALUE_LOOKUP, provided to the
 * whole application so that customers never imports customer value (which depends on customers).
 */
@Global()
@Module({
  providers: [CustomerValueRepository, CustomerValueReader, { provide: CUSTOMER_VALUE_LOOKUP, useExisting: CustomerValueReader }],
  exports: [CUSTOMER_VALUE_LOOKUP],
})
export class CustomerValueReadModule {}
