import type { CustomerValueView, CustomerView, RetentionActionView } from '@callcentre/shared';

export const CUSTOMER_ID = '40000000-0000-4000-8000-000000000001';

/** A customer's value as the latest run computed it: a best customer, ranked 12 of 1,000. */
export function aCustomerValue(overrides: Partial<CustomerValueView> = {}): CustomerValueView {
  return {
    asOf: '2026-05-20T00:00:00.000Z',
    runId: 7,
    valueTier: 'secondary',
    computedTier: 'secondary',
    tierSource: 'computed',
    override: null,
    rank: 12,
    customers: 1000,
    rfm: { recencyDays: 12, frequency: 8, monetary: '1250.00', recency: 'low', frequencyLevel: 'high', monetaryLevel: 'high', segment: 'keep_best' },
    averages: { recencyDays: 40, frequency: 3.2, monetary: '400.00' },
    explanation: 'bought 8 times (average 3.2), last 12 days ago (average 40), spent 1,250 (average 400): best customers, keep them; rank 12 of 1,000: secondary',
    churn: { score: 0, reasons: [] },
    ...overrides,
  };
}

/** A customer as `GET /api/customers/:id` answers. */
export function aCustomerView(overrides: Partial<CustomerView> = {}): CustomerView {
  return {
    id: CUSTOMER_ID,
    externalId: 'C-1001',
    name: 'Olivia Smith',
    phone: '+44 7700 900001',
    email: null,
    language: 'en',
    timeZone: 'Europe/London',
    birthday: null,
    valueTier: 'secondary',
    rfmSegment: 'keep_best',
    notes: '',
    createdAt: '2026-01-05T09:00:00.000Z',
    value: aCustomerValue(),
    lost: null,
    ...overrides,
  };
}

export function aCareAction(overrides: Partial<RetentionActionView> = {}): RetentionActionView {
  return {
    id: '50000000-0000-4000-8000-000000000001',
    customerId: CUSTOMER_ID,
    customerName: 'Olivia Smith',
    valueTier: 'secondary',
    segment: 'retain_at_risk',
    churnScore: 70,
    teamLeadId: null,
    action: 'return_visit',
    status: 'open',
    outcome: null,
    outcomeNote: null,
    createdAt: '2026-05-20T00:05:00.000Z',
    completedAt: null,
    ...overrides,
  };
}
