import type { Role, RfmSegment, ValueTier } from '@callcentre/shared';

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

export interface DemoPerson {
  username: string;
  displayName: string;
  roles: Role[];
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

const GIVEN = ['Olivia', 'Liam', 'Mia', 'Noah', 'Zhang Wei', 'Liu Yang', 'Chan Tai Man', 'Lee Siu Ling', 'Ava', 'Lucas', 'Isla', 'Ethan', 'Huang Li', 'Xu Ming', 'Cheung Wing', 'Chloe', 'Oscar', 'Ruby', 'Jack', 'Sun Hui'];
const FAMILY = ['Smith', 'Jones', 'Brown', 'Taylor', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Johnson', 'Walker'];
const SEGMENTS: RfmSegment[] = ['keep_best', 'develop', 'generally_important', 'retain_at_risk', 'ordinary', 'no_value'];

export interface DemoCustomer {
  name: string;
  phone: string;
  email: string;
  valueTier: ValueTier;
  rfmSegment: RfmSegment | null;
  lifetimeValue: string;
  language: string;
}

/**
 * 200 customers spread over the value pyramid (domain rule): 1% important, 19% secondary key,
 * 30% ordinary, 50% small. Generated deterministically so every demo looks the same.
 */
export function demoCustomers(count = 200): DemoCustomer[] {
  const customers: DemoCustomer[] = [];
  for (let index = 0; index < count; index += 1) {
    const share = index / count;
    const valueTier: ValueTier = share < 0.01 ? 'important' : share < 0.2 ? 'secondary' : share < 0.5 ? 'ordinary' : 'small';
    const given = GIVEN[index % GIVEN.length];
    const chinese = /^(Zhang|Liu|Huang|Xu|Sun)/.test(given);
    const cantonese = /^(Chan|Lee|Cheung)/.test(given);
    const name = chinese || cantonese ? given : `${given} ${FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length]}`;
    const monthlySpend = valueTier === 'important' ? 900 + index * 37 : valueTier === 'secondary' ? 300 + (index * 13) % 400 : valueTier === 'ordinary' ? 100 + (index * 7) % 200 : 10 + (index * 3) % 90;
    customers.push({
      name,
      phone: `+44 7700 9${String(index).padStart(5, '0')}`,
      email: `customer${index + 1}@example.com`,
      valueTier,
      rfmSegment: index % 7 === 6 ? null : SEGMENTS[(index * 5) % SEGMENTS.length],
      lifetimeValue: (monthlySpend * (12 + (index % 36))).toFixed(2),
      language: chinese ? 'zh-cmn' : cantonese ? 'zh-yue' : 'en',
    });
  }
  return customers;
}
