import type { Channel, NewContact, ValueTier } from '@callcentre/shared';

/**
 * A new contact as ingestion built it, in the one shape it keeps until the live views: the journal stores it as
 * the interaction's row, the core is given `arrivalContact(arrival)`, and the commit's announcement carries it to
 * the live feed, which needs no read-back.
 */
export interface Arrival {
  id: string;
  externalId: string | null;
  channel: Channel;
  queueId: string;
  customerId: string | null;
  /** For live views only; the customer row holds it. */
  customerName: string | null;
  caller: Record<string, unknown>;
  language: string | null;
  valueTier: ValueTier;
  complaint: boolean;
  /** Asked to be called back rather than wait (out of hours). */
  callback: boolean;
  preferredAgentId: string | null;
  subject: string | null;
  arrivedAt: number;
}

/** What of an arrival the routing core routes by. */
export function arrivalContact(arrival: Arrival): NewContact {
  return {
    id: arrival.id,
    queueId: arrival.queueId,
    channel: arrival.channel,
    ...(arrival.language ? { language: arrival.language } : {}),
    valueTier: arrival.valueTier,
    complaint: arrival.complaint,
    ...(arrival.preferredAgentId ? { preferredAgentId: arrival.preferredAgentId } : {}),
    callback: arrival.callback,
  };
}
