import { explainCustomerValue } from './customer-value-explanation';

describe('explainCustomerValue', () => {
  const base = { asOf: '2026-06-30T15:59:59.000Z', periodDays: 365, rank: 12, customers: 1000, valueTier: 'important' as const };

  it('states the purchases against the averages, the cell and the rank', () => {
    const sentence = explainCustomerValue({
      ...base,
      rfm: { frequency: 9, recencyDays: 12, monetary: '3200.00', segment: 'keep_best' },
      averages: { frequency: 4, recencyDays: 45, monetary: '900.40' },
    });
    expect(sentence).toBe('bought 9 times (average 4), last 12 days ago (average 45), spent 3,200 (average 900): best customers, keep them; rank 12 of 1,000: important');
  });

  it('speaks of one purchase today in the singular', () => {
    const sentence = explainCustomerValue({
      ...base,
      rfm: { frequency: 1, recencyDays: 0, monetary: '19.99', segment: 'new_or_occasional' },
      averages: { frequency: 1.25, recencyDays: 1, monetary: '10' },
    });
    expect(sentence).toMatch(/^bought 1 time \(average 1\.3\), last today \(average 1\), spent 19\.99 \(average 10\)/);
  });

  it('says when a customer bought nothing in the period', () => {
    expect(explainCustomerValue({ ...base, rank: 900, valueTier: 'small', rfm: null, averages: null })).toBe(
      'no purchase in the 365 days to 2026-06-30; rank 900 of 1,000: small',
    );
  });
});
