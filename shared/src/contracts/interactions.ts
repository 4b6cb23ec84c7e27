/**
 * REST payloads of interactions (`/api/interactions`): one contact as the server shows it, and the list.
 * Times are ISO 8601 strings (UTC).
 */
import type { Channel, ValueTier } from '../domain/call-centre';

/** One interaction (`GET /api/interactions/:id`, and the answer of every command on it). */
export interface InteractionView {
  readonly id: string;
  readonly externalId: string | null;
  readonly channel: Channel;
  readonly status: string;
  readonly queueId: string;
  readonly customerId: string | null;
  readonly customerName: string | null;
  readonly caller: Readonly<Record<string, unknown>>;
  readonly valueTier: ValueTier;
  readonly language: string | null;
  readonly complaint: boolean;
  readonly callback: boolean;
  readonly subject: string | null;
  readonly agentId: string | null;
  readonly arrivedAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  readonly closedAt: string | null;
  readonly waitSeconds: number | null;
  readonly handleSeconds: number | null;
  readonly disposition: string | null;
  readonly wrapUpNotes: string | null;
  /** Ringing offer, while there is one. */
  readonly offer: { readonly offerId: string; readonly agentId: string; readonly expiresAt: string } | null;
}

/** `GET /api/interactions?status=&queueId=&agentId=&customerId=&limit=`: newest arrival first, at most `limit` (50 unless given). */
export interface InteractionListResponse {
  readonly items: readonly InteractionView[];
}

/** The longest wrap-up notes the server keeps (the finished contact's and the draft's). */
export const WRAP_UP_NOTES_MAX_LENGTH = 2000;

/** Disposition recorded when after-call work ran out before the agent gave one. */
export const WRAP_UP_TIMED_OUT_DISPOSITION = 'timed_out';

/**
 * `GET|PUT /api/interactions/:id/wrap-up/draft`: the notes the handling agent is writing, kept as typed so a
 * reload or another desk of theirs finds them, and saved with the contact if after-call work runs out.
 */
export interface WrapUpDraftView {
  readonly interactionId: string;
  readonly notes: string;
  /** Null when nothing was saved yet. */
  readonly updatedAt: string | null;
}
