import { VALUE_TIERS } from '@callcentre/shared';
import { DEMO_STAFF, demoCustomers, demoPurchases } from './demo-centre';

describe('the demo centre\'s customers', () => {
  const customers = demoCustomers();

  it('have names, numbers and addresses of their own, none shared with the staff', () => {
    expect(new Set(customers.map((customer) => customer.name)).size).toBe(customers.length);
    expect(new Set(customers.map((customer) => customer.phone)).size).toBe(customers.length);
    expect(new Set(customers.map((customer) => customer.email)).size).toBe(customers.length);
    const staff = new Set(DEMO_STAFF.map((person) => person.displayName));
    expect(customers.filter((customer) => staff.has(customer.name))).toEqual([]);
  });

  it('sit on the value pyramid by their worth: every customer of a tier is worth more than anyone in the tiers below', () => {
    const counts = Object.fromEntries(VALUE_TIERS.map((tier) => [tier, customers.filter((customer) => customer.valueTier === tier).length]));
    expect(counts).toEqual({ important: 2, secondary: 38, ordinary: 60, small: 100 });
    for (let upper = 0; upper < VALUE_TIERS.length - 1; upper += 1) {
      const worthOf = (tier: string) => customers.filter((customer) => customer.valueTier === tier).map((customer) => Number(customer.lifetimeValue));
      expect(Math.min(...worthOf(VALUE_TIERS[upper]))).toBeGreaterThan(Math.max(...worthOf(VALUE_TIERS[upper + 1])));
    }
  });

  it('bring most of the value through the key fifth (important and secondary), as the domain describes', () => {
    const worth = (list: typeof customers) => list.reduce((sum, customer) => sum + Number(customer.lifetimeValue), 0);
    const key = customers.filter((customer) => customer.valueTier === 'important' || customer.valueTier === 'secondary');
    expect(worth(key) / worth(customers)).toBeGreaterThan(0.6);
  });

  it('speak the centre\'s languages, and are the same in every demo', () => {
    expect(new Set(customers.map((customer) => customer.language))).toEqual(new Set(['en', 'zh-cmn', 'zh-yue']));
    expect(demoCustomers()).toEqual(customers);
  });
});

describe('the demo centre\'s purchases', () => {
  const customers = demoCustomers();
  const asOf = new Date('2026-06-30T12:00:00Z');
  const purchases = demoPurchases(customers, asOf);
  const yearStart = asOf.getTime() - 365 * 86_400_000;
  const inPeriod = (purchase: { occurredAt: Date }) => purchase.occurredAt.getTime() > yearStart && purchase.occurredAt.getTime() <= asOf.getTime();
  const centsOf = (amount: string) => Math.round(Number(amount) * 100);

  it('add up, over the year before the demo starts, to each active customer\'s spend, so the computed ranking follows the list', () => {
    const active = customers.filter((customer) => purchases.some((purchase) => purchase.customerExternalId === customer.externalId && inPeriod(purchase) && centsOf(purchase.amount) > 0));
    expect(active.length).toBe(180);
    for (const customer of active) {
      const spent = purchases.filter((purchase) => purchase.customerExternalId === customer.externalId && inPeriod(purchase)).reduce((sum, purchase) => sum + centsOf(purchase.amount), 0);
      expect(spent).toBe(centsOf(customer.lifetimeValue));
    }
  });

  it('leave the poorest tenth without a purchase in the year, and include refunds and customers who drifted away', () => {
    const lastPurchaseDays = customers.map((customer) => {
      const times = purchases.filter((purchase) => purchase.customerExternalId === customer.externalId && centsOf(purchase.amount) > 0).map((purchase) => purchase.occurredAt.getTime());
      return (asOf.getTime() - Math.max(...times)) / 86_400_000;
    });
    expect(lastPurchaseDays.slice(180).every((days) => days > 365)).toBe(true);
    expect(lastPurchaseDays.slice(0, 180).filter((days) => days > 90).length).toBeGreaterThan(30);
    expect(purchases.filter((purchase) => centsOf(purchase.amount) < 0).length).toBeGreaterThan(5);
    expect(new Set(purchases.map((purchase) => purchase.externalId)).size).toBe(purchases.length);
    expect(demoPurchases(customers, asOf)).toEqual(purchases);
  });
});
