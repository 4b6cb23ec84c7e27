import type { AuthenticatedApiKey, AuthenticatedUser } from '../../common/auth';

export const AUDIT_ACTOR_KINDS = ['user', 'api_key', 'system', 'anonymous'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

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

/** An audit entry as the API returns it. */
export interface AuditEntry {
  /** Increasing with time; pass the last one as `before` for the next page. */
  id: string;
  at: string;
  actor: { kind: AuditActorKind; id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string } | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  /** `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
