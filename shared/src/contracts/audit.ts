/** Who an audit entry names as the actor: a signed-in user, an API key, the server itself, or no one signed in. */
export const AUDIT_ACTOR_KINDS = ['user', 'api_key', 'system', 'anonymous'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** An audit entry as `GET /api/audit` returns it. */
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
