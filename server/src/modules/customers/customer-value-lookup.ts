import type { CustomerView } from '@callcentre/shared';

/**
 * What a customer's record shows of their value and their loss. The customer-value module provides it (it owns
 * the runs and their tables); customers names only this contract, so the dependency runs one way, from customer
 * value to customers.
 */
export interface CustomerValueLookup {
  valueOf(customerId: string): Promise<CustomerView['value']>;
  lossOf(customerId: string): Promise<CustomerView['lost']>;
}

export const CUSTOMER_VALUE_LOOKUP = Symbol('CUSTOMER_VALUE_LOOKUP');
