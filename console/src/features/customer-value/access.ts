import { maySeeView, type Role } from '@callcentre/shared';

/** The parts of the customer and value pages whose roles the shared table names (the server still decides). */
const ABILITY_VIEWS = {
  readContacts: 'customerContacts',
  overrideTier: 'overrideValueTier',
  markLost: 'markCustomerLost',
  readReports: 'valueReports',
  worklist: 'retentionWorklist',
  runs: 'valueRuns',
  recompute: 'recomputeValue',
} as const;

export type CustomerValueAbility = keyof typeof ABILITY_VIEWS;

/** Whether someone holding `roles` is offered this part; the server refuses what they may not do all the same. */
export function may(roles: readonly Role[] | undefined, ability: CustomerValueAbility): boolean {
  return maySeeView(roles ?? [], ABILITY_VIEWS[ability]);
}
