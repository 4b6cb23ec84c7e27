import type { AuthenticatedApiKey, AuthenticatedUser } from '../../common/auth';

export { AUDIT_ACTOR_KINDS, type AuditActorKind, type AuditEntry, type AuditPage } from '@callcentre/shared';

/** Who did it: the caller as the guard found it, the server itself, or someone not signed in (a failed login). */
export type AuditActor =
  | Pick<AuthenticatedUser, 'kind' | 'id' | 'username'>
  | Pick<AuthenticatedApiKey, 'kind' | 'id' | 'name'>
  | { kind: 'system'; name?: string }
  | { kind: 'anonymous'; name?: string };

/** One thing that happened and must stay on record. */
export interface AuditEvent {
  actor: AuditActor;
  /** `<domain>.<what_happened>`, lowercase, e.g. `agent.state_forced`, `interaction.reassigned`, `complaint.closed`. */
  action: string;
  /** What it happened to, e.g. `{ type: 'agent', id }`. */
  target?: { type: string; id: string } | null;
  /** Anything else worth keeping (before/after values, reasons); a JSON object, no secrets. */
  details?: Record<string, unknown>;
}

export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
