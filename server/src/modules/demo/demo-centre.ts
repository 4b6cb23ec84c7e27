import type { Role, ValueTier } from '@callcentre/shared';

/** The demo call centre: a small bilingual floor with five queues, as a new user first sees it. */

export const DEMO_SKILLS = [
  { code: 'general', name: 'General enquiries', kind: 'product' },
  { code: 'billing', name: 'Billing and payments', kind: 'product' },
  { code: 'technical', name: 'Technical support', kind: 'product' },
  { code: 'complaints', name: 'Complaint handling', kind: 'expertise' },
  { code: 'vip-care', name: 'Key-customer care', kind: 'expertise' },
  { code: 'en', name: 'English', kind: 'language' },
  { code: 'zh-cmn', name: 'Mandarin', kind: 'language' },
  { code: 'zh-yue', name: 'Cantonese', kind: 'language' },
] as const;

export type DemoSkillCode = (typeof DEMO_SKILLS)[number]['code'];

export const DEMO_QUEUES: Array<{
  code: string;
  name: string;
  basePriority: number;
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  wrapUpSeconds: number;
  maxWaitSeconds: number | null;
  overflowTo: string | null;
  skills: Array<{ code: DemoSkillCode; minProficiency: number; optional?: boolean }>;
}> = [
  { code: 'general', name: 'General', basePriority: 0, serviceLevelPercent: 80, serviceLevelSeconds: 20, wrapUpSeconds: 30, maxWaitSeconds: null, overflowTo: null, skills: [{ code: 'general', minProficiency: 1 }] },
  { code: 'billing', name: 'Billing', basePriority: 10, serviceLevelPercent: 80, serviceLevelSeconds: 30, wrapUpSeconds: 45, maxWaitSeconds: 300, overflowTo: 'general', skills: [{ code: 'billing', minProficiency: 2 }] },
  { code: 'technical', name: 'Technical', basePriority: 10, serviceLevelPercent: 70, serviceLevelSeconds: 60, wrapUpSeconds: 60, maxWaitSeconds: 600, overflowTo: 'general', skills: [{ code: 'technical', minProficiency: 3 }, { code: 'billing', minProficiency: 1, optional: true }] },
  { code: 'complaints', name: 'Complaints', basePriority: 30, serviceLevelPercent: 90, serviceLevelSeconds: 20, wrapUpSeconds: 90, maxWaitSeconds: null, overflowTo: null, skills: [{ code: 'complaints', minProficiency: 3 }] },
  { code: 'vip', name: 'VIP', basePriority: 50, serviceLevelPercent: 90, serviceLevelSeconds: 10, wrapUpSeconds: 60, maxWaitSeconds: 60, overflowTo: 'complaints', skills: [{ code: 'vip-care', minProficiency: 4 }] },
];

/** The demo's teams, by the username of their lead. */
export const DEMO_TEAMS: ReadonlyArray<{ name: string; lead: string }> = [
  { name: 'Customer care', lead: 'grace' },
  { name: 'Cantonese desk', lead: 'daniel' },
];

export interface DemoPerson {
  username: string;
  displayName: string;
  roles: Role[];
  /** The username of the lead whose team (DEMO_TEAMS) the person is in. */
  teamLead?: string;
  languages?: string[];
  skills?: Partial<Record<DemoSkillCode, number>>;
}

export const DEMO_STAFF: DemoPerson[] = [
  { username: 'admin', displayName: 'Alex Admin', roles: ['admin'] },
  { username: 'sophie', displayName: 'Sophie Turner', roles: ['supervisor'] },
  { username: 'wang.lei', displayName: 'Wang Lei', roles: ['supervisor'] },
  { username: 'grace', displayName: 'Grace Lin', roles: ['team_lead', 'agent'], languages: ['en', 'zh-cmn'], skills: { complaints: 5, 'vip-care': 5, general: 4, en: 5, 'zh-cmn': 5 } },
  { username: 'daniel', displayName: 'Daniel Chan', roles: ['team_lead', 'agent'], languages: ['en', 'zh-yue'], skills: { complaints: 5, technical: 4, general: 4, en: 5, 'zh-yue': 5 } },
  { username: 'amy', displayName: 'Amy Walker', roles: ['agent'], teamLead: 'grace', languages: ['en'], skills: { general: 4, billing: 3, en: 5 } },
  { username: 'ben', displayName: 'Ben Okafor', roles: ['agent'], teamLead: 'grace', languages: ['en'], skills: { general: 3, technical: 4, en: 5 } },
  { username: 'chen.jing', displayName: 'Chen Jing', roles: ['agent'], teamLead: 'grace', languages: ['zh-cmn', 'en'], skills: { general: 4, billing: 4, 'zh-cmn': 5, en: 3 } },
  { username: 'li.na', displayName: 'Li Na', roles: ['agent'], teamLead: 'grace', languages: ['zh-cmn'], skills: { billing: 5, complaints: 3, 'zh-cmn': 5 } },
  { username: 'david', displayName: 'David Kim', roles: ['agent'], teamLead: 'grace', languages: ['en'], skills: { technical: 5, billing: 2, en: 5 } },
  { username: 'emma', displayName: 'Emma Rossi', roles: ['agent'], teamLead: 'grace', languages: ['en'], skills: { 'vip-care': 4, complaints: 4, general: 4, en: 5 } },
  { username: 'wong.kaming', displayName: 'Wong Ka-ming', roles: ['agent'], teamLead: 'daniel', languages: ['zh-yue', 'en'], skills: { general: 4, technical: 3, 'zh-yue': 5, en: 4 } },
  { username: 'ho.mei', displayName: 'Ho Mei', roles: ['agent'], teamLead: 'daniel', languages: ['zh-yue', 'zh-cmn'], skills: { billing: 4, complaints: 4, 'zh-yue': 5, 'zh-cmn': 4 } },
  { username: 'frank', displayName: 'Frank Müller', roles: ['agent'], teamLead: 'daniel', languages: ['en'], skills: { general: 5, technical: 3, en: 5 } },
  { username: 'zhao.min', displayName: 'Zhao Min', roles: ['agent'], teamLead: 'daniel', languages: ['zh-cmn', 'en'], skills: { technical: 4, general: 3, 'zh-cmn': 5, en: 4 } },
  { username: 'hannah', displayName: 'Hannah Patel', roles: ['agent'], teamLead: 'daniel', languages: ['en'], skills: { 'vip-care': 5, billing: 4, en: 5 } },
  { username: 'ivan', displayName: 'Ivan Petrov', roles: ['agent'], teamLead: 'daniel', languages: ['en'], skills: { general: 3, complaints: 3, en: 4 } },
];

const ENGLISH_GIVEN = ['Olivia', 'Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Mia', 'Noah', 'Sophia', 'Leo', 'Grace', 'Oscar', 'Lily', 'Arthur', 'Freya', 'Charlie', 'Emily', 'Thomas', 'Poppy', 'James', 'Ella', 'William', 'Evie', 'Henry', 'Chloe', 'Alfie', 'Ruby', 'Samuel', 'Florence', 'Joshua', 'Alice', 'Isabelle', 'Lucas', 'Matilda', 'Joseph', 'Rosie', 'Edward', 'Phoebe'];
const ENGLISH_FAMILY = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen', 'Shaw'];
const MANDARIN_FAMILY = ['Zhang', 'Wang', 'Li', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Gao', 'Luo'];
const MANDARIN_GIVEN = ['Wei', 'Fang', 'Jing', 'Yan', 'Jie', 'Tao', 'Hui', 'Xin', 'Ping', 'Hong', 'Qiang', 'Jun', 'Ying', 'Yun', 'Bo', 'Xiaoming', 'Lihua', 'Jianguo', 'Meiling', 'Haoran', 'Yuting', 'Zihan', 'Shuang', 'Xiaoyu'];
const CANTONESE_FAMILY = ['Chan', 'Wong', 'Leung', 'Cheung', 'Lau', 'Lee', 'Ng', 'Tsang', 'Yip', 'Kwok', 'Lam', 'Chow', 'Poon', 'Tang', 'Fung', 'Mak', 'Choi'];
const CANTONESE_GIVEN = ['Siu-ling', 'Wing-yan', 'Chi-keung', 'Mei-ling', 'Kwok-wai', 'Hoi-yan', 'Tsz-kin', 'Wai-man', 'Pui-shan', 'Ka-yan', 'Chun-hei', 'Man-kit', 'Suk-yee', 'Yuk-lan', 'Kin-wah'];

/** Of every twenty customers, five speak Mandarin and three Cantonese (by position), the rest English. */
const MANDARIN_SLOTS = new Set([4, 5, 12, 13, 19]);
const CANTONESE_SLOTS = new Set([6, 7, 14]);

export interface DemoCustomer {
  externalId: string;
  name: string;
  phone: string;
  email: string;
  /** The tier its purchases earn on the pyramid; a value run computes the same from the demo purchases. */
  valueTier: ValueTier;
  /** Spend in the 365 days before the demo started. */
  lifetimeValue: string;
  language: string;
  timeZone: string;
}

export interface DemoPurchase {
  externalId: string;
  customerExternalId: string;
  occurredAt: Date;
  /** Decimal string; negative for a refund. */
  amount: string;
  product: string;
  channel: string;
}

const TIME_ZONE_OF_LANGUAGE: Record<string, string> = { en: 'Europe/London', 'zh-cmn': 'Asia/Shanghai', 'zh-yue': 'Asia/Hong_Kong' };
const DEMO_PRODUCTS = ['Broadband 500', 'Mobile plan L', 'Mobile plan S', 'Router Pro', 'TV bundle', 'Phone X2', 'Roaming pack', 'Smart watch'];
const DEMO_PURCHASE_CHANNELS = ['web', 'store', 'phone'];
/** The poorest tenth bought nothing in the last year (inactive: no RFM cell, bottom of the pyramid). */
const INACTIVE_SHARE = 0.1;
const DAY_MS = 86_400_000;

/** A small deterministic random source (mulberry32), so every demo centre is the same. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every pairing of the two lists, in a shuffled but fixed order. */
function shuffledPairs(first: readonly string[], second: readonly string[], random: () => number): Array<[string, string]> {
  const pairs: Array<[string, string]> = first.flatMap((a) => second.map((b): [string, string] => [a, b]));
  for (let index = pairs.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [pairs[index], pairs[other]] = [pairs[other], pairs[index]];
  }
  return pairs;
}

/** The value pyramid (domain rule): the top 1% important, the next 19% secondary key, the next 30% ordinary, the rest small. */
function tierAt(rank: number, count: number): ValueTier {
  const share = rank / count;
  return share < 0.01 ? 'important' : share < 0.2 ? 'secondary' : share < 0.5 ? 'ordinary' : 'small';
}

/**
 * `count` customers with distinct names (none shared with the staff), ranked by lifetime value from the most
 * valuable (the first) down, their value tiers following the pyramid over that ranking. Values follow a Pareto
 * curve, so the key fifth brings most of the value, as in a real book of customers. Deterministic: every demo
 * centre looks the same.
 */
export function demoCustomers(count = 200): DemoCustomer[] {
  const random = seededRandom(42);
  const staffNames = new Set(DEMO_STAFF.map((person) => person.displayName));
  const names = {
    en: shuffledPairs(ENGLISH_GIVEN, ENGLISH_FAMILY, random).map(([given, family]) => `${given} ${family}`),
    'zh-cmn': shuffledPairs(MANDARIN_FAMILY, MANDARIN_GIVEN, random).map(([family, given]) => `${family} ${given}`),
    'zh-yue': shuffledPairs(CANTONESE_FAMILY, CANTONESE_GIVEN, random).map(([family, given]) => `${family} ${given}`),
  };
  const used = { en: 0, 'zh-cmn': 0, 'zh-yue': 0 };
  const nextName = (language: keyof typeof names): string => {
    for (;;) {
      const name = names[language][used[language]++];
      if (name === undefined) throw new Error(`demo customers: not enough ${language} names for ${count} customers`);
      if (!staffNames.has(name)) return name;
    }
  };

  // Pareto (shape 1.16, the 80/20 curve) read at evenly spaced quantiles: strictly falling from the first customer on.
  const values = Array.from({ length: count }, (_, rank) => 120 * (count / (rank + 0.5 + random() * 0.4)) ** (1 / 1.16));

  const customers: DemoCustomer[] = [];
  for (let index = 0; index < count; index += 1) {
    const slot = index % 20;
    const language = MANDARIN_SLOTS.has(slot) ? 'zh-cmn' : CANTONESE_SLOTS.has(slot) ? 'zh-yue' : 'en';
    const name = nextName(language);
    customers.push({
      externalId: `C-${String(index + 1).padStart(5, '0')}`,
      name,
      // UK mobile numbers: demo mode reads national numbers as British (DEMO_PHONE_REGION).
      phone: `+44 7700 9${String(index).padStart(5, '0')}`,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
      valueTier: tierAt(index, count),
      lifetimeValue: values[index].toFixed(2),
      language,
      timeZone: TIME_ZONE_OF_LANGUAGE[language],
    });
  }
  return customers;
}

/**
 * A purchase history for each demo customer up to `asOf`, so that a value run computes the pyramid and the RFM cells
 * from purchases as in a real book of customers: each active customer's purchases in the year before `asOf` add up
 * to their `lifetimeValue` (so the ranking, and with it the tiers, follow the list), bigger spenders buy more often,
 * about a third have drifted away (no purchase for months), a few returned something; the poorest tenth bought only
 * more than a year ago. Deterministic for the same `asOf`.
 */
export function demoPurchases(customers: readonly DemoCustomer[], asOf: Date): DemoPurchase[] {
  const random = seededRandom(7);
  const purchases: DemoPurchase[] = [];
  const inactiveFrom = Math.ceil(customers.length * (1 - INACTIVE_SHARE));
  const topValue = Math.max(...customers.map((customer) => Number(customer.lifetimeValue)));
  customers.forEach((customer, index) => {
    const cents = Math.round(Number(customer.lifetimeValue) * 100);
    const inactive = index >= inactiveFrom;
    const frequency = 1 + Math.floor(random() * 3) + Math.floor(18 * Math.sqrt(cents / 100 / topValue) * random());
    const drifting = !inactive && random() < 0.35;
    // Days before asOf of the latest purchase; the others spread over the rest of the year (or the year before).
    const latestDaysAgo = inactive ? 380 + random() * 300 : drifting ? 120 + random() * 180 : random() * 45;
    const weights = Array.from({ length: frequency }, () => 0.2 + random());
    const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
    let centsLeft = cents;
    weights.forEach((weight, purchase) => {
      const share = purchase === frequency - 1 ? centsLeft : Math.round((cents * weight) / totalWeight);
      centsLeft -= share;
      const daysAgo = purchase === 0 ? latestDaysAgo : latestDaysAgo + random() * (inactive ? 300 : 360 - latestDaysAgo);
      purchases.push({
        externalId: `${customer.externalId}-P${String(purchase + 1).padStart(3, '0')}`,
        customerExternalId: customer.externalId,
        occurredAt: new Date(asOf.getTime() - Math.floor(daysAgo * DAY_MS)),
        amount: (share / 100).toFixed(2),
        product: DEMO_PRODUCTS[Math.floor(random() * DEMO_PRODUCTS.length)],
        channel: DEMO_PURCHASE_CHANNELS[Math.floor(random() * DEMO_PURCHASE_CHANNELS.length)],
      });
    });
    // One in twelve returned part of a purchase: a refund and the purchase that made up for it, the year's spend unchanged.
    if (!inactive && index % 12 === 5) {
      const refund = Math.max(1, Math.round(cents * 0.1));
      const daysAgo = latestDaysAgo + 1 + random() * 30;
      for (const [suffix, amount] of [['R01', -refund], ['P900', refund]] as const) {
        purchases.push({
          externalId: `${customer.externalId}-${suffix}`,
          customerExternalId: customer.externalId,
          occurredAt: new Date(asOf.getTime() - Math.floor(Math.min(daysAgo, 364) * DAY_MS)),
          amount: (amount / 100).toFixed(2),
          product: DEMO_PRODUCTS[index % DEMO_PRODUCTS.length],
          channel: 'store',
        });
      }
    }
  });
  return purchases;
}
