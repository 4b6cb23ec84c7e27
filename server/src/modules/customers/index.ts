export { checkCustomerRow, checkTransactionRow, type RowProblem } from './customer-rows';
export { CustomerSyncRepository, OPTIONAL_CUSTOMER_COLUMNS, STAGED_CUSTOMERS, STAGED_CUSTOMER_COLUMNS, STAGED_TRANSACTIONS, STAGED_TRANSACTION_COLUMNS, type MergeRefusal, type OptionalCustomerColumn, type SqlRunner } from './customer-sync.repository';
export { auditActorOf } from './customer-sync.service';
export { CUSTOMER_VALUE_LOOKUP, type CustomerValueLookup } from './customer-value-lookup';
export { CustomersModule } from './customers.module';
export { CustomersService } from './customers.service';
export { phoneLookupKeys } from './phone-number';
